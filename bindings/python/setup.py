"""Builds the native module ssis._ssis with CMake from the repository two directories up
(pybind11, fmt and yaml-cpp come from the system, see scripts/setup.sh); setuptools
packages it with the pure-Python files. Metadata is in pyproject.toml."""
import os
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

REPOSITORY = Path(__file__).resolve().parents[2]


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        package_dir = Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build_dir = Path(self.build_temp).resolve() / "cmake"
        configure = [
            "cmake", "-S", str(REPOSITORY), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
            "-DSSIS_BUILD_PYTHON=ON", "-DSSIS_BUILD_TESTS=OFF", "-DSSIS_BUILD_CLI=OFF", "-DSSIS_BUILD_EXAMPLES=OFF",
            "-DSSIS_INSTALL=OFF", f"-DPython_EXECUTABLE={sys.executable}", f"-DSSIS_PYTHON_PACKAGE_DIR={package_dir}",
        ]
        try:
            import pybind11
            configure.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass  # CMake finds pybind11-dev's configuration
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_ssis", "--parallel", str(os.cpu_count() or 1)], check=True)


setup(ext_modules=[CMakeExtension("ssis._ssis")], cmdclass={"build_ext": CMakeBuild})
