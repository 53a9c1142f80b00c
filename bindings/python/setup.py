"""Builds the native module ssis._ssis with CMake from the repository two directories up
(pybind11, fmt and yaml-cpp come from the system, see scripts/setup.sh); setuptools
packages it with the pure-Python files and the repository's rule sets (rules/*, as
ssis/rules/*, found by ``ssis.load("kr")``). The version is the CMake project's; the rest
of the metadata is in pyproject.toml."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

REPOSITORY = Path(__file__).resolve().parents[2]


def project_version() -> str:
    """The VERSION of project(ssis ...) in the repository's CMakeLists.txt."""
    text = (REPOSITORY / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(ssis\s+VERSION\s+([0-9.]+)", text)
    if match is None:
        raise RuntimeError(f"{REPOSITORY / 'CMakeLists.txt'}: no project(ssis VERSION ...)")
    return match.group(1)


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


class BuildPyWithRules(build_py):
    """Copies each rule set of the repository's rules/ (a directory with a ruleset.yaml) into
    the package as ssis/rules/<name>."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "ssis" / "rules"
        if target.is_symlink():
            target.unlink()
        elif target.exists():
            shutil.rmtree(target)
        for directory in sorted((REPOSITORY / "rules").iterdir()):
            if (directory / "ruleset.yaml").is_file():
                shutil.copytree(directory, target / directory.name)


setup(version=project_version(), ext_modules=[CMakeExtension("ssis._ssis")],
      cmdclass={"build_ext": CMakeBuild, "build_py": BuildPyWithRules})
