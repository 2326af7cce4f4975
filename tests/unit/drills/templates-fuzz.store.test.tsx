import fc from 'fast-check';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { Templates } from '@/components/panel/Templates';
import type { Incident } from '@/utils/ledger/types';
import { renderTemplate, TEMPLATE_VARIABLES, type TemplateValues, type TemplateVariable } from '@/utils/templates';
import { ANA, NOW, testGrant, testIncident, testPolicy } from '../panel/fixtures';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn(() => new Promise(() => undefined)) }));

// Drill: template rendering on arbitrary values. Rendering is one pass: a value that contains
// `{{…}}` (or `$&`, `$1`) comes out exactly as it went in. In the side panel's template previews,
// HTML in any value (client name, summary, remedy label, firm name, the firm's own template text)
// stays text: no element is ever created from a value.

const SEED = 8_002;

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '{{client.name}}', '{{ amount }}', '{{{{firm.name}}}}', '{{', '}}', '$&', '$1', "$'", '$`', '$$',
    '<img data-pwn src=x onerror="alert(1)">', '<script data-pwn>alert(1)</script>', '<svg data-pwn onload=alert(1)>',
    '<a data-pwn href="javascript:alert(1)">x</a>', '&lt;b&gt;', '<!--', ']]>', '\u202e', '\0',
  ),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('<b data-pwn>', '{{staff.name}}', '<iframe data-pwn>')).map(([a, b]) => a + b),
);

/** A template as segments: literal text (no braces) or a slot; the expected output is their join. */
const segments = fc.array(
  fc.oneof(
    fc.string({ maxLength: 12 }).map((t) => ({ text: t.replace(/[{}]/g, '') })),
    fc.constantFrom(...TEMPLATE_VARIABLES).map((slot) => ({ slot })),
  ),
  { maxLength: 12 },
);
type Segment = { text: string } | { slot: TemplateVariable };

const valuesArb = fc.dictionary(fc.constantFrom(...TEMPLATE_VARIABLES), hostile) as fc.Arbitrary<TemplateValues>;

function expected(parts: Segment[], values: TemplateValues): string {
  return parts.map((p) => ('text' in p ? p.text : (values[p.slot] ?? ''))).join('');
}
const source = (parts: Segment[]) => parts.map((p) => ('text' in p ? p.text : `{{${p.slot}}}`)).join('');

// The elements the Templates card is built from; anything else came from a value.
const OWN_TAGS = new Set(['DIV', 'SECTION', 'H2', 'H3', 'BUTTON', 'P', 'SPAN', 'DETAILS', 'SUMMARY']);

describe('drill: template rendering fuzz', () => {
  it('fills every slot in one pass: values are never expanded again', () => {
    let cases = 0;
    let reExpanded = 0;
    fc.assert(
      fc.property(segments, segments, valuesArb, (subject, body, values) => {
        cases++;
        const out = renderTemplate({ subject: source(subject), body: source(body) }, values);
        if (out.subject !== expected(subject, values) || out.body !== expected(body, values)) {
          reExpanded++;
          expect.fail(`rendered ${JSON.stringify(out)}`);
        }
      }),
      { seed: SEED, numRuns: 5_000 },
    );
    console.log(`template fuzz (seed ${SEED}): ${cases} renders with hostile values, ${reExpanded} expanded twice or altered`);
    expect(reExpanded).toBe(0);
  });

  it('shows hostile values in the side panel previews as text, never as HTML', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    let renders = 0;
    let injected = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ clientName: hostile, clientEmail: hostile, summary: hostile, label: hostile, category: hostile, firm: hostile, me: hostile, template: hostile }),
        async (v) => {
          renders++;
          const policy = testPolicy();
          policy.firm.name = v.firm;
          policy.categories[1]!.label = v.category;
          // The firm's own template text is hostile too (a policy is input): it is text, not markup.
          policy.templates[2]!.body = `${v.template} {{incident.summary}} {{incident.category}} {{client.email}}`;
          const incident: Incident = testIncident({
            clientName: v.clientName,
            clientEmail: v.clientEmail,
            summary: v.summary,
            // An apology given too, so every template fits whatever its hostile text uses.
            remedies: [testGrant({ label: v.label }), testGrant({ id: 'grant-2', remedyId: 'apology', kind: 'apology', amount: 0, label: 'Apology' })],
          });
          await act(() => {
            render(<Templates policy={policy} me={{ ...ANA, name: v.me }} incident={incident} tabId={7} now={NOW} />, root);
          });
          const foreign = [...root.querySelectorAll('*')].filter(
            (el) => !OWN_TAGS.has(el.tagName) || [...el.attributes].some((a) => /^on|^data-pwn|^href|^src/i.test(a.name)),
          );
          // The values are on screen, as text.
          const text = root.textContent ?? '';
          const shown = [v.summary, v.label].every((s) => text.includes(s.trim() ? s : ''));
          if (foreign.length > 0 || !shown) {
            injected++;
            expect.fail(`value became markup or vanished: ${foreign.map((el) => el.outerHTML).join(' ')}`);
          }
          await act(() => {
            render(null, root);
          });
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    root.remove();
    console.log(`template preview fuzz (seed ${SEED}): ${renders} side panel renders with hostile values, ${injected} elements created from values`);
    expect(injected).toBe(0);
  }, 60_000);
});
