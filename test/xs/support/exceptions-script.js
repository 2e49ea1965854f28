// Run by test/xs/engines.test.ts on both XS engines: every way a jump buffer is set and taken in
// XS's bytecode loop (catch, finally, generators and async functions resumed inside try blocks,
// throws across builtins' C frames), so that the WebAssembly build's loop, which sets its jump
// buffers outside itself (host-tools/xs-wasm/xsRun-no-setjmp-in-loop.patch), is held to native.
const log = [];
globalThis.log = log;
const note = (x) => log.push(String(x));
// catch, finally, rethrow, nested, across calls
function thrower(n) {
  if (n % 3 === 0) throw new RangeError("r" + n);
  if (n % 3 === 1) throw { n };
  return n;
}
for (let i = 0; i < 2000; i++) {
  try {
    try {
      note(thrower(i));
    } catch (e) {
      if (e instanceof RangeError) throw e;
      note("o" + e.n);
    } finally {
      if (i % 100 === 0) note("f" + i);
    }
  } catch (e) {
    if (i % 50 === 0) note(e.message);
  }
}
// return and break through finally
function through() {
  for (let k = 0; ; k++) {
    try {
      if (k === 3) return "ret" + k;
      if (k === 1) continue;
    } finally {
      note("fin" + k);
    }
  }
}
note(through());
outer: for (let a = 0; a < 3; a++) {
  for (let b = 0; b < 3; b++) {
    try {
      if (b === 1) continue outer;
      if (a === 2) break outer;
    } finally {
      note("ab" + a + b);
    }
  }
}
// throws from callbacks called by builtins (C frames between throw and catch), and catches inside them
try {
  [1, 2, 3].map((x) => {
    if (x === 2) throw new TypeError("in map");
    return x;
  });
} catch (e) {
  note(e.message);
}
note(
  [5, 1, 4]
    .sort((a, b) => {
      try {
        if (a === 4) throw 0;
        return a - b;
      } catch {
        return b - a;
      }
    })
    .join(""),
);
try {
  JSON.parse("{bad");
} catch (e) {
  note(e.name);
}
try {
  note(null.x);
} catch (e) {
  note(e.name);
}
note(
  JSON.stringify({ a: 1 }, (k, v) => {
    try {
      if (k === "a") throw 9;
      return v;
    } catch (e) {
      return e + 1;
    }
  }),
);
// generators suspended inside try blocks, resumed (the generator's jumps set again)
function* gen() {
  try {
    yield 1;
    try {
      yield 2;
      throw new Error("g");
    } catch (e) {
      yield "c" + e.message;
    } finally {
      yield "f";
    }
  } finally {
    note("gen done");
  }
}
const g = gen();
for (const v of g) note(v);
const g2 = gen();
note(g2.next().value);
note(g2.next().value);
try {
  g2.throw(new Error("thrown in"));
} catch (e) {
  note(e.message);
}
const g3 = gen();
note(g3.next().value);
note(JSON.stringify(g3.return(7)));
function* deep(n) {
  try {
    if (n > 0) yield* deep(n - 1);
    yield n;
  } catch (e) {
    yield "deep" + n + e;
  }
}
const d = deep(10);
note(d.next().value);
note(d.throw("x").value);
// async functions awaiting inside try blocks
async function later(v, fail) {
  await null;
  if (fail) throw new Error(v);
  return v;
}
(async () => {
  for (let i = 0; i < 5; i++) {
    try {
      note(await later("a" + i, i % 2));
    } catch (e) {
      note("async " + e.message);
    } finally {
      note("af" + i);
    }
  }
  note("async done");
})();
Promise.reject(new Error("unhandled-ish")).catch((e) => note(e.message));
// a catch after a deep recursion that overflowed nothing
let depthFinallies = 0;
function depth(n) {
  try {
    return n === 0 ? 0 : 1 + depth(n - 1);
  } finally {
    depthFinallies++;
  }
}
note(depth(100));
note(depthFinallies);
