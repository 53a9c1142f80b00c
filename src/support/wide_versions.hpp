#pragma once
// Marks a function that loops over columns: on x86-64 it is built three times, for AVX-512
// (x86-64-v4: its mask registers narrow 64-bit comparisons to flag bytes in one instruction),
// for AVX2 and for the baseline, and the best version the processor supports is chosen once
// when the library loads. Everything it calls is inlined into each version, so every loop
// gets the wider instructions. Not under ThreadSanitizer, whose runtime is not yet set up when the dynamic
// loader runs the function that chooses the version.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define SSIS_WIDE_VERSIONS __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), flatten))
#else
#define SSIS_WIDE_VERSIONS
#endif
