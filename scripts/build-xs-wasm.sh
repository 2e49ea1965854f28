#!/bin/sh
# Compiles XS to WebAssembly from the C sources inside node_modules/@agoric/xsnap, with farside's
# own embedding (host-tools/xs-wasm), into host-tools/xs-wasm/dist/{xs.wasm,xs.mjs}. Those two
# files are committed, so installing farside needs no C compiler; this script needs emcc.
# The XS options are xsnap-worker's own (its makefiles/lin/xsnap-worker.mk), so bytecode,
# metering and therefore computrons match the native engine.
set -eu
cd "$(dirname "$0")/.."
XSNAP=node_modules/@agoric/xsnap
XS=$XSNAP/moddable/xs
HERE=host-tools/xs-wasm
# XS_WASM_OUT: somewhere else than the committed output (CI builds there and compares).
OUT=${XS_WASM_OUT:-$HERE/dist}
OBJ=${XS_WASM_OBJ:-${TMPDIR:-/tmp}/farside-xs-wasm-obj}
# -O2, not xsnap's -O3: with setjmp still in the bytecode loop, -O3 ran XS about half as fast on
# wasm (LLVM 14); with the patch below the two run alike (a CPU-bound script 2.08 × native at -O3,
# 2.11 at -O2, one run) and -O2's output is smaller.
OPT=${XS_WASM_OPT:--O2}
command -v emcc >/dev/null || { echo "build:xs-wasm: emcc not found (apt-get install emscripten)" >&2; exit 2; }
# Debian's emcc runs its JS tools with whatever node is first on PATH; its acorn lives here.
[ -d /usr/share/nodejs ] && export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
mkdir -p "$OBJ" "$OUT"

CFLAGS="$OPT -fno-common -DINCLUDE_XSPLATFORM -DXSPLATFORM=\"xsWasmPlatform.h\"
  -DmxLockdown=1 -DmxMetering=1 -DmxDebug=1 -UmxInstrument -DmxNoConsole=1 -DmxBoundsCheck=1
  -DmxParse=1 -DmxRun=1 -DmxSloppy=1 -DmxSnapshot=1 -DmxRegExpUnicodePropertyEscapes=1
  -DmxStringNormalize=1 -DmxMinusZero=1 -DmxUseDefaultDebug=1
  -I$HERE -I$XSNAP/xsnap-native/xsnap/sources -I$XS/includes -I$XS/platforms -I$XS/sources
  -Wno-misleading-indentation -Wno-implicit-fallthrough -Wno-incompatible-pointer-types-discards-qualifiers
  -fmacro-prefix-map=$OBJ/patched=$XS/sources"

# The bytecode loop, patched so that it calls no setjmp (the patch says why); xsnap's own copy
# stays as it is, for the native engine. Its __FILE__ names xsnap's copy (-fmacro-prefix-map), so
# the output does not depend on where OBJ is.
mkdir -p "$OBJ/patched"
patch --quiet --output="$OBJ/patched/xsRun.c" "$XS/sources/xsRun.c" "$HERE/xsRun-no-setjmp-in-loop.patch"

# XS itself and farside's platform see XS's internal headers (xsAll.h); xs-wasm-setjmp.c replaces
# emscripten's setjmp table, which is quadratic for XS (the file says why).
CORE="$(ls $XS/sources/xs*.c | grep -v '/xsRun[.]c$') $OBJ/patched/xsRun.c $HERE/xs-wasm-platform.c
  $HERE/xs-wasm-setjmp.c"
# These see only the public xs.h, which declares three functions void that return txSlot*;
# wasm traps on such a call, so here they call void wrappers (xs-wasm-platform.c) instead.
PUBLIC="$XSNAP/moddable/modules/data/text/decoder/textdecoder.c
  $XSNAP/moddable/modules/data/text/encoder/textencoder.c
  $XSNAP/moddable/modules/data/base64/modBase64.c $HERE/xs-wasm.c"
VOIDED="-DfxNewHostConstructor=fxWasmNewHostConstructor -DfxNewHostFunction=fxWasmNewHostFunction
  -DfxNewHostInstance=fxWasmNewHostInstance"
# Each word of the flags reaches emcc as it is (no shell re-reads its quotes).
export CFLAGS OBJ VOIDED
compile() { tr ' ' '\n' | grep . | xargs -P "${XS_WASM_JOBS:-2}" -I{} sh -c "$1" sh {}; }
echo "$CORE" | compile 'emcc -c $CFLAGS "$1" -o "$OBJ/$(basename "$1" .c).o"'
echo "$PUBLIC" | compile 'emcc -c $CFLAGS $VOIDED "$1" -o "$OBJ/$(basename "$1" .c).o"'

emcc $OPT "$OBJ"/*.o -o "$OUT/xs.mjs" --no-entry \
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createXs -sENVIRONMENT=web \
  -sFILESYSTEM=0 -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=67108864 -sMAXIMUM_MEMORY=2147483648 \
  -sEXPORTED_RUNTIME_METHODS=HEAPU8 -sINCOMING_MODULE_JS_API=wasmBinary,instantiateWasm,print,printErr \
  2>&1 | tee "$OBJ/link.log"
if grep -q "signature mismatch" "$OBJ/link.log"; then
  echo "build:xs-wasm: the link found C functions called with the wrong signature (see above)" >&2
  exit 1
fi
ls -l "$OUT"
