// Declarations for the Moddable runtime modules the entry point (firmware/main.ts) uses,
// matching typings/timer.d.ts, time.d.ts, preference.d.ts, Resource.d.ts and mc/config.d.ts in
// the Moddable SDK. `embedded:provider/builtin` is not declared here: manifest.json maps it to
// firmware/provider/builtin.ts, which mcconfig then resolves in place of the SDK's typing.

type ByteBuffer = ArrayBufferLike | ArrayBufferView;

declare module "timer" {
  export type TimerCallback = (timer: Timer) => void;
  class Timer {
    private constructor();
    static set: (callback: TimerCallback, interval?: number, repeat?: number) => Timer;
    static repeat: (callback: TimerCallback, interval: number) => Timer;
    static schedule: (timer: Timer, interval?: number, repeat?: number) => void;
    static clear: (timer: Timer | undefined | null) => void;
    static delay: (milliseconds: number) => void;
    private brand: boolean;
  }
  export { Timer as default };
}

declare module "time" {
  const Time: {
    ticks: number;
    delta(start: number, end?: number): number;
  };
  export { Time as default };
}

declare module "preference" {
  const Preference: {
    set: (domain: string, key: string, value: string | boolean | number | ArrayBuffer) => void;
    get: (domain: string, key: string) => string | boolean | number | ArrayBuffer | undefined;
    delete: (domain: string, key: string) => void;
    keys: (domain: string) => string[];
  };
  export { Preference as default };
}

declare module "Resource" {
  class Resource {
    constructor(path: string);
    static exists(path: string): boolean;
    slice(begin: number, end?: number): ArrayBuffer;
  }
  export { Resource as default };
}

declare module "mc/config" {
  const Config: Record<string, unknown>;
  export { Config as default };
}

declare function trace(...values: unknown[]): void;

// XS extensions declared in the SDK's xs/includes/xs.d.ts.
interface StringConstructor {
  fromArrayBuffer(buffer: ArrayBufferLike): string;
}
