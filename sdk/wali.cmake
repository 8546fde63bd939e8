# CMake toolchain file for WALI programs (wasm32-unknown-linux-muslwali).
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=/path/to/sdk/wali.cmake -S . -B build
#
# Uses sdk/wali-cc and sdk/wali-c++ (which add the target, sysroot, -pthread,
# memory limits, setjmp/longjmp flags and, for C++, libc++ with Wasm
# exceptions) and the sysroot built by sdk/setup.sh (C++: sdk/cxx-setup.sh).

get_filename_component(WALI_SDK_DIR "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
if(DEFINED ENV{WALI_SYSROOT})
  set(WALI_SYSROOT "$ENV{WALI_SYSROOT}")
else()
  set(WALI_SYSROOT "${WALI_SDK_DIR}/sysroot")
endif()
if(NOT EXISTS "${WALI_SYSROOT}/lib/wasm32-linux-muslwali/libc.a")
  message(FATAL_ERROR "No WALI sysroot at ${WALI_SYSROOT}: run ${WALI_SDK_DIR}/setup.sh")
endif()

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_CROSSCOMPILING TRUE)

set(CMAKE_C_COMPILER "${WALI_SDK_DIR}/wali-cc")
set(CMAKE_C_COMPILER_TARGET wasm32-unknown-linux-muslwali)
set(CMAKE_CXX_COMPILER "${WALI_SDK_DIR}/wali-c++")
set(CMAKE_CXX_COMPILER_TARGET wasm32-unknown-linux-muslwali)
set(CMAKE_ASM_COMPILER "${WALI_SDK_DIR}/wali-cc")
find_program(WALI_LLVM_AR NAMES llvm-ar-22 llvm-ar REQUIRED)
find_program(WALI_LLVM_RANLIB NAMES llvm-ranlib-22 llvm-ranlib REQUIRED)
set(CMAKE_AR "${WALI_LLVM_AR}" CACHE FILEPATH "ar for WALI")
set(CMAKE_RANLIB "${WALI_LLVM_RANLIB}" CACHE FILEPATH "ranlib for WALI")

set(CMAKE_SYSROOT "${WALI_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${WALI_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# WALI modules are statically linked Wasm: no RPATH to set, and none for install() to change
# (which CMake's Ninja generator refuses to do on a non-ELF output).
set(CMAKE_SKIP_RPATH TRUE)
set(CMAKE_BUILD_WITH_INSTALL_RPATH TRUE)

# Static wasm modules only.
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set(CMAKE_EXECUTABLE_SUFFIX_C ".wasm")
set(CMAKE_EXECUTABLE_SUFFIX_CXX ".wasm")
set(CMAKE_EXECUTABLE_SUFFIX_ASM ".wasm")
set(BUILD_SHARED_LIBS OFF CACHE BOOL "WALI has no shared libraries")
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
set(CMAKE_POSITION_INDEPENDENT_CODE OFF)
# try_run() cannot execute wasm on the build machine.
set(CMAKE_TRY_COMPILE_TARGET_TYPE EXECUTABLE)
