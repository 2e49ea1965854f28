// docs/protocol.md's telemetry paragraph, made from the layout table's `doc` words: adding a
// telemetry field regenerates it (`npm run docs:protocol`) instead of asking for a fourth edit.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { TELEMETRY_BODY, fieldSeptets, type WireField } from "../../firmware/protocol/layouts";
import { REPO_ROOT } from "../../host-tools/src/paths";

export const PROTOCOL_DOC = path.join(REPO_ROOT, "docs/protocol.md");
const MARK = "<!-- made from TELEMETRY_BODY in firmware/protocol/layouts.ts by npm run docs:protocol -->";
const WIDTH = 100;

/** "drill depth (0.1 mm)" with its width: "drill depth u14 (0.1 mm)". */
function documented(field: WireField): string {
  const words = field.doc ?? field.name;
  const note = words.indexOf(" (");
  return note < 0 ? `${words} ${field.type}` : `${words.slice(0, note)} ${field.type}${words.slice(note)}`;
}

/** Words joined by spaces into lines of at most WIDTH characters (a longer word keeps its own line). */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}

/** The paragraph as the layout says it should read, with the marker line above it. */
export function telemetryParagraph(): string {
  const fields = (TELEMETRY_BODY as readonly WireField[]).map(documented).join(" · ");
  return `${MARK}\n\n${wrap(`**Telemetry body** (${fieldSeptets(TELEMETRY_BODY)} septets): ${fields}.`)}`;
}

/** The paragraph docs/protocol.md has now, from the marker to the blank line after the paragraph; undefined without the marker. */
export function documentedParagraph(doc: string): string | undefined {
  const start = doc.indexOf(MARK);
  if (start < 0) return undefined;
  const end = doc.indexOf("\n\n", start + MARK.length + 2);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** Writes the made paragraph over the documented one. */
export function updateProtocolDoc(): void {
  const doc = readFileSync(PROTOCOL_DOC, "utf8");
  const old = documentedParagraph(doc);
  if (old === undefined) throw new Error(`${PROTOCOL_DOC} has no line ${MARK}`);
  writeFileSync(PROTOCOL_DOC, doc.replace(old, telemetryParagraph()));
}
