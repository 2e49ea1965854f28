import type { KeyValueStore } from "../../../../firmware/platform/host";

type Value = string | boolean | number | ArrayBuffer;

/** NVS namespace and key names: at most 15 bytes (ESP-IDF NVS_KEY_NAME_MAX_SIZE 16, with the NUL). [HW] */
const NVS_NAME_MAX = 15;
/** modPreference.c copies keys (and, to delete, domains) into 64-byte buffers (sdk:modules/files/preference/esp32/modPreference.c:39,119,156). */
const NAME_BUFFER = 64;
/** ESP-IDF's largest NVS string, NUL included. [HW] */
const STRING_MAX_BYTES = 4000;
/** The SDK's NVS partition: 0x6000 bytes (sdk:build/devices/esp32/xsProj-esp32/partitions.csv). */
const PARTITION_BYTES = 0x6000;
/** ESP-IDF's largest blob: 97.6% of the partition less 4000 bytes. [HW] */
const BLOB_MAX_BYTES = Math.floor(PARTITION_BYTES * 0.976) - 4000;
/** NVS pages are 4 KiB of 126 32-byte entries; one page is always kept empty for compaction. [HW] */
const ENTRY_BYTES = 32;
const ENTRIES_PER_PAGE = 126;
const PAGES = PARTITION_BYTES / 4096;
const USABLE_ENTRIES = (PAGES - 1) * ENTRIES_PER_PAGE;
/**
 * What a flash write costs the CPU: the SPI flash's typical page-program time per 256 bytes
 * (Winbond W25Q32JV / GigaDevice GD25Q32 datasheets: 0.4 ms typical, 3 ms at worst), and its
 * 4 KiB sector erase (45 ms typical, 400 ms at worst). Typical figures: a real board is often
 * slower, never faster. [HW]
 */
const PROGRAM_US = 400;
const ERASE_US = 45_000;

/** Where the flash's busy time goes: the firmware is blocked while the chip writes. */
export interface BusyClock {
  spend(ms: number): void;
}

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** XS's xsmcToStringBuffer into a 64-byte buffer (sdk:xs/sources/xsAPI.c:318-329). */
function buffered(name: string): void {
  if (utf8Bytes(name) + 1 > NAME_BUFFER) throw new RangeError("cannot buffer string");
}

/** 32-byte entries a value takes: one header, and for strings and blobs their data too. [HW] */
function entriesFor(value: Value): number {
  if (typeof value === "string") return 1 + Math.ceil((utf8Bytes(value) + 1) / ENTRY_BYTES);
  if (value instanceof ArrayBuffer) return 2 + Math.ceil(value.byteLength / ENTRY_BYTES);
  return 1;
}

/**
 * The virtual board's flash, standing in for Moddable's Preference on the ESP32. It outlives the
 * firmware across a simulated reset, as NVS does, and refuses what modPreference.c refuses, with
 * its errors: names over 15 bytes, numbers that are not 32-bit integers, values of other types,
 * values too big for NVS or for the space left. Every write blocks the firmware for the time the
 * flash takes, and a failed set has already erased the old value, as on the chip.
 */
export class VirtualFlash implements KeyValueStore {
  private readonly values = new Map<string, Value>();
  /** Writes since boot of the simulator: flash wears out, so tests can watch how often it is written. */
  writes = 0;
  /** Faults on demand: every set fails with "nvs set fail", every delete with "nvs erase fail". */
  failSets = false;
  failErases = false;
  /** Entries written into the page being filled, and how many of the usable ones hold live values. */
  private appended = 0;
  private liveEntries = 0;
  /** Empty pages left before NVS must erase one to go on: none on a well-used partition. */
  private emptyPages: number;
  private busyUs = 0;

  /**
   * `wellUsed`: the partition has been written for long enough that every page filled costs a
   * page erase; otherwise it starts erased, as after `esptool erase_flash`, and the first erase
   * comes after five pages (about 630 entries).
   */
  constructor(
    private readonly clock?: BusyClock,
    options: { readonly wellUsed?: boolean } = {},
  ) {
    this.emptyPages = options.wellUsed ? 0 : PAGES - 2;
  }

  set(domain: string, key: string, value: Value): void {
    // nvs_open creates the namespace; a name over 15 bytes fails it (modPreference.c:41-43).
    if (utf8Bytes(String(domain)) > NVS_NAME_MAX) throw new Error("nvs_open fail");
    buffered(String(key));
    const stored = this.storable(value);
    const id = `${domain}/${key}`;
    // modPreference.c erases the key before setting it, and the erase is not undone when the
    // set fails (modPreference.c:27-33): a failed set loses the old value.
    this.erase(id);
    const entries = entriesFor(stored);
    const fits =
      utf8Bytes(String(key)) <= NVS_NAME_MAX &&
      !(typeof stored === "string" && utf8Bytes(stored) + 1 > STRING_MAX_BYTES) &&
      !(stored instanceof ArrayBuffer && stored.byteLength > BLOB_MAX_BYTES) &&
      this.liveEntries + entries <= USABLE_ENTRIES;
    if (this.failSets || !fits) throw new Error("nvs set fail");
    this.values.set(id, stored);
    this.liveEntries += entries;
    this.writes++;
    this.busy(entries);
  }

  get(domain: string, key: string): Value | undefined {
    buffered(String(key));
    // A namespace that cannot exist is simply not there (modPreference.c:123-125).
    if (utf8Bytes(String(domain)) > NVS_NAME_MAX) return undefined;
    if (utf8Bytes(String(key)) > NVS_NAME_MAX) throw new Error("nvs get fail");
    const value = this.values.get(`${domain}/${key}`);
    // A fresh ArrayBuffer each time (modPreference.c:135-137): the firmware cannot edit the flash through it.
    return value instanceof ArrayBuffer ? value.slice(0) : value;
  }

  /** A missing key is not an error (modPreference.c:165-166); the erase is a small flash write. */
  delete(domain: string, key: string): void {
    buffered(String(domain));
    buffered(String(key));
    if (utf8Bytes(String(domain)) > NVS_NAME_MAX) return;
    if (this.failErases || utf8Bytes(String(key)) > NVS_NAME_MAX) throw new Error("nvs erase fail");
    if (this.erase(`${domain}/${key}`)) this.busy(0);
  }

  /** The value as NVS will hold it, or the error modPreference.c:48-94 throws for it. */
  private storable(value: unknown): Value {
    if (typeof value === "boolean" || typeof value === "string") return value;
    if (typeof value === "number") {
      // Anything but a 32-bit integer (fractions, NaN, out of range) is refused (modPreference.c:61-66).
      if ((value | 0) !== value) throw new Error("float unsupported");
      return value | 0;
    }
    // Only an ArrayBuffer itself: a typed array or DataView is an "unsupported type".
    if (value instanceof ArrayBuffer) return value.slice(0);
    throw new Error("unsupported type");
  }

  private erase(id: string): boolean {
    const old = this.values.get(id);
    if (old === undefined) return false;
    this.values.delete(id);
    this.liveEntries -= entriesFor(old);
    return true;
  }

  /**
   * Charges the firmware for a write of `entries` new entries plus the state-bitmap updates
   * around it. NVS appends entries and only erases a page (compacting its live entries into
   * the one it keeps empty) once no empty page is left; from then on, every page filled costs
   * an erase.
   */
  private busy(entries: number): void {
    let us = (2 + Math.ceil((entries * ENTRY_BYTES) / 256)) * PROGRAM_US;
    this.appended += entries;
    while (this.appended >= ENTRIES_PER_PAGE) {
      this.appended -= ENTRIES_PER_PAGE;
      if (this.emptyPages > 0) this.emptyPages--;
      else us += ERASE_US;
    }
    if (!this.clock) return;
    // Ticks are whole milliseconds: carry the rest to the next write.
    this.busyUs += us;
    const whole = Math.floor(this.busyUs / 1000);
    this.busyUs -= whole * 1000;
    if (whole > 0) this.clock.spend(whole);
  }
}
