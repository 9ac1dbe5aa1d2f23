/* For running the Windows build under wine 8 in tests only: wine 8.0's
 * bcryptprimitives.dll lacks ProcessPrng, which Rust's standard library imports
 * (since 1.78). This stand-in forwards to advapi32's RtlGenRandom (SystemFunction036).
 * Real Windows 10/11 has the genuine DLL; this file is never shipped. */
#include <windows.h>

typedef BOOLEAN(WINAPI *gen_random_fn)(PVOID, ULONG);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    static gen_random_fn gen_random;
    if (!gen_random) {
        gen_random = (gen_random_fn)GetProcAddress(LoadLibraryA("advapi32.dll"), "SystemFunction036");
        if (!gen_random) return FALSE;
    }
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!gen_random(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
