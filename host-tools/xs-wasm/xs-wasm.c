/*
 * farside's embedding of XS for WebAssembly: one machine per instance, answering the two
 * requests xsnap-worker answers for farside ('e' evaluate, '?' handleCommand) as calls from JS
 * instead of netstrings on pipes. The machine, its globals and its metering copy xsnap-worker's,
 * so replies and computrons match the native engine.
 */
#include <emscripten.h>
#include "xsnap.h"

extern xsIntegerValue fxGetCurrentHeapCount(xsMachine* the);
extern size_t fxWasmAllocatedSpace(xsMachine* the);
extern int fxWasmAbortStatus(xsMachine* the);
extern void fxWasmRunPromiseJobs(xsMachine* the);
extern void fxWasmSetStackLimit(xsMachine* the, size_t budget);

extern void modInstallTextDecoder(xsMachine* the);
extern void modInstallTextEncoder(xsMachine* the);
extern void modInstallBase64(xsMachine* the);

enum { OK = 0, EXCEPTION = 1, ABORTED = 2 };

static xsMachine* machine = NULL;
static char* input = NULL;
static size_t inputSize = 0;
static char* reply = NULL;
static size_t replyLength = 0;
static xsUnsignedValue compute = 0;

/* How much of the C stack (in linear memory) XS may use before it stops a recursion. */
#define STACK_BUDGET (256 * 1024)

static xsBooleanValue fxUnlimited(xsMachine* the, xsUnsignedValue index)
{
	return 1;
}

static void xs_print(xsMachine* the)
{
	xsIntegerValue c = xsToInteger(xsArgc), i;
	for (i = 0; i < c; i++) {
		if (i)
			fprintf(stdout, " ");
		fprintf(stdout, "%s", xsToString(xsArg(i)));
	}
	fprintf(stdout, "\n");
	fflush(stdout);
}

/* xsnap forwards this to its parent; farside's parent answers every such call with nothing. */
static void xs_issueCommand(xsMachine* the)
{
	if (xsToInteger(xsArgc) < 1)
		xsTypeError("expected ArrayBuffer");
	xsResult = xsArrayBuffer(NULL, 0);
}

static void xs_gc(xsMachine* the)
{
	xsCollectGarbage();
}

static void xs_performance_now(xsMachine* the)
{
	xsResult = xsNumber(emscripten_get_now());
}

static void xs_currentMeterLimit(xsMachine* the)
{
	xsResult = xsInteger(0);
}

static void xs_resetMeter(xsMachine* the)
{
	if (xsToInteger(xsArgc) < 2)
		xsTypeError("expected newMeterLimit, newMeterIndex");
	xsResult = xsInteger(xsGetCurrentMeter(the));
	xsSetCurrentMeter(the, xsToInteger(xsArg(1)));
}

static void xs_setImmediate(xsMachine* the)
{
	xsUnknownError("setImmediate is not available in farside's WebAssembly XS");
}

static void fxDefineGlobal(xsMachine* the, const char* name, xsCallback callback, xsIntegerValue length)
{
	xsResult = xsNewHostFunction(callback, length);
	xsDefine(xsGlobal, xsID(name), xsResult, xsDontEnum);
}

EMSCRIPTEN_KEEPALIVE int fxWasmCreate(void)
{
	/* xsnap-worker's creation parameters. */
	xsCreation creation = {
		32 * 1024 * 1024, 4 * 1024 * 1024, 256 * 1024, 128 * 1024, 4096, 32000, 8000, 1993, 127, 8192 * 1024, 1993,
	};
	xsInitializeSharedCluster();
	machine = xsCreateMachine(&creation, "xsnap", NULL);
	if (!machine)
		return 0;
	fxWasmSetStackLimit(machine, STACK_BUDGET);
	xsBeginHost(machine);
	xsVars(1);
	fxDefineGlobal(the, "setImmediate", xs_setImmediate, 1);
	fxDefineGlobal(the, "gc", xs_gc, 1);
	fxDefineGlobal(the, "print", xs_print, 1);
	fxDefineGlobal(the, "issueCommand", xs_issueCommand, 1);
	xsResult = xsNewObject();
	xsVar(0) = xsNewHostFunction(xs_performance_now, 0);
	xsDefine(xsResult, xsID("now"), xsVar(0), xsDontEnum);
	xsDefine(xsGlobal, xsID("performance"), xsResult, xsDontEnum);
	fxDefineGlobal(the, "currentMeterLimit", xs_currentMeterLimit, 1);
	fxDefineGlobal(the, "resetMeter", xs_resetMeter, 1);
	modInstallTextDecoder(the);
	modInstallTextEncoder(the);
	modInstallBase64(the);
	fxDefineGlobal(the, "harden", fx_harden, 1);
	xsEndHost(machine);
	return 1;
}

/* Where JS writes a request's bytes before fxWasmRun. */
EMSCRIPTEN_KEEPALIVE char* fxWasmInput(size_t size)
{
	if (size + 1 > inputSize) {
		free(input);
		inputSize = size + 1;
		input = malloc(inputSize);
	}
	return input;
}

static void fxKeepReply(const char* bytes, size_t length)
{
	free(reply);
	reply = malloc(length + 1);
	memcpy(reply, bytes, length);
	replyLength = length;
}

static const char* fxAbortReason(int status)
{
	switch (status) {
	case xsStackOverflowExit: return "stack overflow";
	case xsNotEnoughMemoryExit: return "memory full";
	case xsNoMoreKeysExit: return "not enough keys";
	case xsTooMuchComputationExit: return "too much computation";
	case xsUnhandledExceptionExit: return "unhandled exception";
	default: return "aborted";
	}
}

/* One request, metered on its own: each call returns to JS, so no metering frame outlives it. */
EMSCRIPTEN_KEEPALIVE int fxWasmRun(int command, size_t length)
{
	xsMachine* the = machine;
	int status = OK;
	replyLength = 0;
	if (fxWasmAbortStatus(the))
		return ABORTED;
	input[length] = 0;
	xsBeginMetering(the, fxUnlimited, 0);
	{
		xsBeginHost(the);
		{
			xsVars(3);
			xsTry {
				if (command == '?') {
					xsVar(0) = xsArrayBuffer(input, length);
					xsVar(1) = xsCall1(xsGlobal, xsID("handleCommand"), xsVar(0));
				}
				else {
					xsVar(0) = xsStringBuffer(input, length);
					xsVar(1) = xsCall1(xsGlobal, xsID("eval"), xsVar(0));
				}
			}
			xsCatch {
				if (xsTypeOf(xsException) != xsUndefinedType) {
					status = EXCEPTION;
					xsVar(1) = xsException;
					xsException = xsUndefined;
				}
			}
			fxWasmRunPromiseJobs(the);
			compute = xsGetCurrentMeter(the);
			if (status == EXCEPTION) {
				const char* message = xsToString(xsVar(1));
				fxKeepReply(message, strlen(message));
			}
			else {
				xsTry {
					if (xsTypeOf(xsVar(1)) == xsReferenceType && xsHas(xsVar(1), xsID("result")))
						xsVar(2) = xsGet(xsVar(1), xsID("result"));
					else
						xsVar(2) = xsVar(1);
					if (xsIsInstanceOf(xsVar(2), xsArrayBufferPrototype))
						fxKeepReply(xsToArrayBuffer(xsVar(2)), xsGetArrayBufferLength(xsVar(2)));
				}
				xsCatch {
					xsException = xsUndefined;
				}
			}
		}
		xsEndHost(the);
	}
	xsEndMetering(the);
	if (fxWasmAbortStatus(the)) {
		const char* reason = fxAbortReason(fxWasmAbortStatus(the));
		fxKeepReply(reason, strlen(reason));
		return ABORTED;
	}
	return status;
}

EMSCRIPTEN_KEEPALIVE const char* fxWasmReply(void) { return reply; }
EMSCRIPTEN_KEEPALIVE size_t fxWasmReplyLength(void) { return replyLength; }
EMSCRIPTEN_KEEPALIVE xsUnsignedValue fxWasmCompute(void) { return compute; }
EMSCRIPTEN_KEEPALIVE xsIntegerValue fxWasmHeapCount(void) { return machine ? fxGetCurrentHeapCount(machine) : 0; }
EMSCRIPTEN_KEEPALIVE size_t fxWasmAllocate(void) { return machine ? fxWasmAllocatedSpace(machine) : 0; }
