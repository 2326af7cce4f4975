import { useState } from 'preact/hooks';
import type { PolicyDocument } from '@/utils/editor/document';
import { errorText } from '@/utils/error-text';
import { Notice } from '../ui/Notice';
import { messages, t } from '@/utils/i18n';

// Where an edit starts: the policy in force (the default), a file, or one of the example policies.
// A file that cannot be read leaves what is being edited as it was.

export interface Example {
  id: string;
  label: string;
  /** The file inside the extension, e.g. "policies/law-firm.json". */
  path: string;
}

const STRINGS = messages({
  title: 'edSourcesTitle',
  file: 'edSourcesFile',
  example: (label: string) => t('edStartFrom', label),
  fileWhat: (name: string) => t('edFileWhat', name),
  notJson: (name: string, detail: string) => t('edNotJson', name, detail),
  notObject: (name: string) => t('edNotObject', name),
  signed: (name: string) => t('edSigned', name),
});

export function Sources(props: {
  examples: readonly Example[];
  loadExample(example: Example): Promise<string>;
  onOpen(doc: PolicyDocument, what: string): void;
}) {
  const [problem, setProblem] = useState<string | null>(null);

  function accept(text: string, name: string, what: string) {
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text.trim())) {
      setProblem(STRINGS.signed(name));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      setProblem(STRINGS.notJson(name, errorText(error)));
      return;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      setProblem(STRINGS.notObject(name));
      return;
    }
    setProblem(null);
    props.onOpen(json as PolicyDocument, what);
  }

  async function openFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      accept(await file.text(), file.name, STRINGS.fileWhat(file.name));
    } catch (error) {
      setProblem(errorText(error));
    }
  }

  async function openExample(example: Example) {
    try {
      accept(await props.loadExample(example), example.label, example.label);
    } catch (error) {
      setProblem(errorText(error));
    }
  }

  return (
    <section class="card stack" aria-labelledby="sources-heading">
      <h2 id="sources-heading">{STRINGS.title}</h2>
      <div class="row">
        <label class="button secondary file-button">
          {STRINGS.file}
          <input type="file" accept=".json,application/json" class="visually-hidden" onChange={(e) => void openFile(e)} />
        </label>
        {props.examples.map((example) => (
          <button key={example.id} type="button" class="secondary" onClick={() => void openExample(example)}>
            {STRINGS.example(example.label)}
          </button>
        ))}
      </div>
      {problem && <Notice kind="error">{problem}</Notice>}
    </section>
  );
}
