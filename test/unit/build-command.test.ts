// farside build's hint when mcconfig is missing names the folder the SDK's tools are in, as
// the host spells it: Moddable builds them into build/bin/<mac|lin|win>/release.
import { describe, expect, it } from "vitest";
import { sdkToolsFolder } from "../../host-tools/src/cli/build-command";

describe("farside build", () => {
  it("names the SDK's tools folder in each host's own spelling", () => {
    expect(sdkToolsFolder("linux")).toBe("$MODDABLE/build/bin/lin/release");
    expect(sdkToolsFolder("darwin")).toBe("$MODDABLE/build/bin/mac/release");
    expect(sdkToolsFolder("win32")).toBe("%MODDABLE%\\build\\bin\\win\\release");
  });
});
