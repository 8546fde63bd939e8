# Make include for building WALI programs (wasm32-unknown-linux-muslwali).
#
#   include /path/to/sdk/wali.mk
#   hello.wasm: hello.o
#   	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
#
# Sets CC to sdk/wali-cc and CXX to sdk/wali-c++ (target, sysroot, -pthread,
# memory limits, setjmp/longjmp flags and, for C++, libc++ with Wasm exceptions
# are added there), AR/RANLIB to LLVM's, and pattern rules from .c and .cpp/.cc
# to .wasm.  Run sdk/setup.sh once first to build the sysroot (C++ also needs
# sdk/cxx-setup.sh; scripts/setup runs both).

WALI_SDK_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
WALI_SYSROOT ?= $(WALI_SDK_DIR)/sysroot

ifeq ($(wildcard $(WALI_SYSROOT)/lib/wasm32-linux-muslwali/libc.a),)
$(error No WALI sysroot at $(WALI_SYSROOT): run $(WALI_SDK_DIR)/setup.sh)
endif

export WALI_SYSROOT
CC := $(WALI_SDK_DIR)/wali-cc
CXX := $(WALI_SDK_DIR)/wali-c++
AR := $(firstword $(shell command -v llvm-ar-22 llvm-ar 2>/dev/null) llvm-ar)
RANLIB := $(firstword $(shell command -v llvm-ranlib-22 llvm-ranlib 2>/dev/null) llvm-ranlib)
WALI_EXE := .wasm

%.wasm: %.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

%.wasm: %.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

%.wasm: %.cpp
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

%.wasm: %.cc
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)
