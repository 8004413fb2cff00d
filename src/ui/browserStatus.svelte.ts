/** The browser's capabilities, probed once when the app starts. */
import { probeCapabilities, type BrowserCapabilities } from '../platform/capabilities.ts';

export class BrowserStatus {
  /** Null until the probe has answered. */
  current = $state.raw<BrowserCapabilities | null>(null);
  error = $state.raw<string | null>(null);

  constructor(probe: () => Promise<BrowserCapabilities> = probeCapabilities) {
    probe().then(
      (capabilities) => (this.current = capabilities),
      (error: unknown) => (this.error = String(error)),
    );
  }
}
