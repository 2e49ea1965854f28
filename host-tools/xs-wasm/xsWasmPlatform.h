/*
 * The platform header XS reads on WebAssembly (-DXSPLATFORM="xsWasmPlatform.h"): xsnap's own
 * xsnapPlatform.h stops with #error on wasm32, so this one names the same machine fields and
 * defaults for a little-endian 32-bit target. Its guard is xsnap's, so nothing includes both.
 */
#ifndef __XSNAP_PLATFORM__
#define __XSNAP_PLATFORM__

#define mxLittleEndian 1
#define mxExport extern
#define mxImport extern
#define XS_FUNCTION_NORETURN __attribute__((noreturn))

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include <arpa/inet.h>

typedef int txSocket;
#define mxNoSocket -1
#define mxUseGCCAtomics 1
#define mxUsePOSIXThreads 1

/* The same fields as xsnapPlatform.h, so xsAll.h lays out txMachine as xsnap does. */
#define mxMachinePlatform \
	txSocket connection; \
	int abortStatus; \
	int promiseJobs; \
	void* timerJobs; \
	void* waiterCondition; \
	void* waiterData; \
	void* waiterLink; \
	size_t allocationLimit; \
	size_t allocatedSpace;

#define mxUseDefaultBuildKeys 1
#define mxUseDefaultParseScript 1
#define mxUseDefaultSharedChunks 1
#define mxCESU8 1

#endif /* __XSNAP_PLATFORM__ */
