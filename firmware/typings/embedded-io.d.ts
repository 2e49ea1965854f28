// Declarations for the ECMA-419 IO modules farside uses, written to match the shapes in the
// Moddable SDK's typings/embedded_io/*.d.ts (which are GPL-3.0 and so not copied here).
// mcconfig type-checks the firmware against the SDK's own typings, so nothing may be used
// here that those do not declare.

declare module "embedded:io/_common" {
  export type PinSpecifier = number;
  export type PortSpecifier = number;
}

declare module "embedded:io/pwm" {
  import type { PinSpecifier } from "embedded:io/_common";
  class PWM {
    constructor(options: { pin: PinSpecifier; hz?: number; format?: "number"; target?: unknown });
    readonly resolution: number;
    readonly hz: number;
    write(value: number): void;
    get format(): "number";
    set format(value: "number");
  }
  export default PWM;
}

declare module "embedded:io/digital" {
  import type { PinSpecifier } from "embedded:io/_common";
  type Edge = number;
  class Digital {
    static readonly Input: number;
    static readonly InputPullUp: number;
    static readonly InputPullDown: number;
    static readonly InputPullUpDown: number;
    static readonly Output: number;
    static readonly OutputOpenDrain: number;
    static readonly Rising: Edge;
    static readonly Falling: Edge;
    constructor(
      options: {
        pin: PinSpecifier;
        mode: number;
        format?: "number";
        target?: unknown;
      } & ({ onReadable: (this: Digital) => void; edge: Edge } | { edge?: Edge }),
    );
    write(value: 0 | 1): void;
    read(): 0 | 1;
    close(): void;
  }
  export default Digital;
}

declare module "embedded:io/analog" {
  import type { PinSpecifier } from "embedded:io/_common";
  class Analog {
    constructor(options: { pin: PinSpecifier; resolution?: number; format?: "number" });
    readonly resolution: number;
    read(): number;
  }
  export default Analog;
}

declare module "embedded:io/serial" {
  import type { PinSpecifier, PortSpecifier } from "embedded:io/_common";
  class Serial {
    constructor(
      options: ({ receive: PinSpecifier; transmit?: PinSpecifier } | { transmit: PinSpecifier }) & {
        baud: number;
        port: PortSpecifier;
        onReadable?: (this: Serial, bytes: number) => void;
        onWritable?: (this: Serial, bytes: number) => void;
        format?: "number" | "buffer";
        target?: unknown;
      },
    );
    close(): void;
    read(): number | ArrayBuffer | undefined;
    read(byteLength: number): ArrayBuffer | undefined;
    write(value: number | ByteBuffer): void;
    flush(): void;
    get format(): "number" | "buffer";
    set format(value: "number" | "buffer");
  }
  export default Serial;
}
