import type { BackgroundProtocol, MessageData, MessageName, MessageResult } from '../../../utils/messages';

// What a shared suite does on one of the extension's pages, as a person would, whichever browser
// drives it: each browser's test file maps these onto its own tool (Playwright in Chromium, Puppeteer
// over WebDriver BiDi in Firefox).

export interface ExtensionPage {
  /** Types into the field with this label (what was there before is replaced). */
  fill(label: string, text: string): Promise<void>;
  /** Presses the button with this name (inside the region named `within`, when given). */
  press(button: string, within?: string): Promise<void>;
  /** Chooses the radio button with this name. */
  choose(option: string): Promise<void>;
  /** The text shown by the first element matching a CSS selector; null when there is none. */
  text(selector: string): Promise<string | null>;
  /** The text of the region with this name; null when there is none. */
  regionText(name: string): Promise<string | null>;
  /** The value of the form field matching a CSS selector. */
  value(selector: string): Promise<string>;
  /** The value of the form field with this label. */
  valueOf(label: string): Promise<string>;
  /** Opens the page again, as after closing and reopening it. */
  reopen(): Promise<void>;
}

/** A message to the background from one of the extension's pages, as each browser's harness sends it. */
export type BackgroundCall = <K extends MessageName<BackgroundProtocol>>(
  name: K,
  data: MessageData<BackgroundProtocol, K>,
) => Promise<MessageResult<BackgroundProtocol, K>>;
