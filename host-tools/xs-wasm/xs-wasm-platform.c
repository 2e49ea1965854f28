/*
 * What XS asks of its host platform, for one machine inside a WebAssembly instance. It stands
 * in for xsnap's xsnapPlatform.c, which reserves 1 GB of address space with mmap (wasm cannot)
 * and carries sockets and files this build does not need. The meter's `allocate` counts what
 * XS asked for, as xsnap's does, so both engines report the same numbers.
 */
#include "xsAll.h"

void fxAbort(txMachine* the, int status)
{
	if (status == XS_UNHANDLED_REJECTION_EXIT) {
		/* xsnap reports an unhandled rejection and carries on; so does this. */
		fxReport(the, "unhandled rejection: %s\n", fxToString(the, &mxException));
		mxException = mxUndefined;
		return;
	}
	switch (status) {
	case XS_STACK_OVERFLOW_EXIT: fxReport(the, "stack overflow\n"); break;
	case XS_NOT_ENOUGH_MEMORY_EXIT: fxReport(the, "memory full\n"); break;
	case XS_NO_MORE_KEYS_EXIT: fxReport(the, "not enough keys\n"); break;
	case XS_TOO_MUCH_COMPUTATION_EXIT: fxReport(the, "too much computation\n"); break;
	case XS_UNHANDLED_EXCEPTION_EXIT: fxReport(the, "unhandled exception: %s\n", fxToString(the, &mxException)); break;
	default: fxReport(the, "fxAbort(%d)\n", status); break;
	}
	/* The host sees abortStatus and throws the machine away, as xsnap-worker exits. */
	the->abortStatus = status;
	fxExitToHost(the);
}

static void fxCountAllocation(txMachine* the, txSize size)
{
	size_t previous = the->allocatedSpace;
	the->allocatedSpace += size;
	if (the->allocatedSpace > the->allocationLimit || the->allocatedSpace < previous)
		fxAbort(the, XS_NOT_ENOUGH_MEMORY_EXIT);
}

void* fxAllocateChunks(txMachine* the, txSize size)
{
	fxCountAllocation(the, size);
	return c_malloc(size);
}

void fxFreeChunks(txMachine* the, void* chunks)
{
	c_free(chunks);
}

txSlot* fxAllocateSlots(txMachine* the, txSize count)
{
	fxCountAllocation(the, count * sizeof(txSlot));
	return (txSlot*)c_malloc(count * sizeof(txSlot));
}

void fxFreeSlots(txMachine* the, void* slots)
{
	c_free(slots);
}

void fxCreateMachinePlatform(txMachine* the)
{
	the->connection = mxNoSocket;
	the->allocationLimit = (size_t)2 * 1024 * 1024 * 1024 - 1;
}

void fxDeleteMachinePlatform(txMachine* the)
{
}

void fxQueuePromiseJobs(txMachine* the)
{
	the->promiseJobs = 1;
}

void fxRunDebugger(txMachine* the)
{
}

/* No module loader: farside evaluates bundles as scripts. */
txID fxFindModule(txMachine* the, txSlot* realm, txID moduleID, txSlot* slot)
{
	return XS_NO_ID;
}

void fxLoadModule(txMachine* the, txSlot* module, txID moduleID)
{
}

txUnsigned fxGetCurrentMeter(txMachine* the)
{
	return the->meterIndex;
}

void fxSetCurrentMeter(txMachine* the, txUnsigned value)
{
	the->meterIndex = value;
}

txSize fxGetCurrentHeapCount(txMachine* the)
{
	return the->currentHeapCount;
}

size_t fxWasmAllocatedSpace(txMachine* the)
{
	return the->allocatedSpace;
}

int fxWasmAbortStatus(txMachine* the)
{
	return the->abortStatus;
}

/* Runs promise jobs until none are left, as xsnap's loop does once per request. */
void fxWasmRunPromiseJobs(txMachine* the)
{
	for (;;) {
		while (the->promiseJobs) {
			the->promiseJobs = 0;
			fxRunPromiseJobs(the);
		}
		fxEndJob(the);
		if (!the->promiseJobs)
			break;
	}
	fxCheckUnhandledRejections(the, 1);
}

/*
 * wasm has no C stack limit XS can ask for: deep recursion would overflow V8's own stack and
 * leave the instance unusable. A budget below the current stack position makes XS stop first,
 * with its own stack-overflow abort.
 */
void fxWasmSetStackLimit(txMachine* the, size_t budget)
{
	char here;
	the->stackLimit = &here - budget;
}

/* What callers that see only xs.h reach in place of the three functions it declares void. */
void fxWasmNewHostConstructor(txMachine* the, txCallback callback, txInteger length, txInteger name)
{
	fxNewHostConstructor(the, callback, length, name);
}

void fxWasmNewHostFunction(txMachine* the, txCallback callback, txInteger length, txInteger name, txInteger profileID)
{
	fxNewHostFunction(the, callback, length, name, profileID);
}

void fxWasmNewHostInstance(txMachine* the)
{
	fxNewHostInstance(the);
}
