import { getAt } from '@/utils/editor/document';
import { issuesLeftUnder } from '@/utils/editor/issues';
import { fieldId, useEditor } from './context';
import { TextField } from './Field';
import { ListSection, freshId } from './Groups';
import { messages, t } from '@/utils/i18n';

// The firm's own web pages (a client portal, a practice-management tool): where the client's email
// and name are on the page, so the panel knows the client there too.

const STRINGS = messages({
  title: 'edDetectorsTitle',
  intro: 'edDetectorsIntro',
  label: 'edDetectorsLabel',
  id: 'edDetectorsId',
  matches: 'edDetectorsMatches',
  matchesHint: 'edDetectorsMatchesHint',
  email: 'edDetectorsEmail',
  name: 'edDetectorsName',
  selectorHint: 'edDetectorsSelectorHint',
  recordId: 'edDetectorsRecordId',
  recordIdHint: 'edDetectorsRecordIdHint',
  add: 'edDetectorsAdd',
  newLabel: 'edDetectorsNewLabel',
  unnamed: (n: number) => t('edUnnamedPage', n),
  problem: (path: string, message: string) => t('edPathProblem', path, message),
});

/** The match patterns as lines of one text box; each pattern's problem is listed under it. */
function MatchesField(props: { index: number }) {
  const editor = useEditor();
  const path = ['detectors', props.index, 'matches'] as const;
  const value = getAt(editor.doc, path);
  const lines = Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  const problems = issuesLeftUnder(editor.issues, path, []);
  const id = fieldId(path);
  return (
    <div class="field wide">
      <label for={id}>{STRINGS.matches}</label>
      <textarea
        id={id}
        rows={2}
        value={lines.join('\n')}
        aria-invalid={problems.length > 0}
        aria-describedby={[`${id}-hint`, problems.length ? `${id}-error` : ''].filter(Boolean).join(' ')}
        onInput={(e) =>
          editor.set(
            path,
            (e.currentTarget as HTMLTextAreaElement).value.split('\n').map((l) => l.trim()).filter(Boolean),
            STRINGS.matches,
          )
        }
      />
      <p class="muted hint" id={`${id}-hint`}>
        {STRINGS.matchesHint}
      </p>
      {problems.length > 0 && (
        <ul class="field-error" id={`${id}-error`}>
          {problems.map((p, i) => (
            <li key={i}>{STRINGS.problem(p.path, p.message)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function DetectorsSection() {
  return (
    <ListSection
      listKey="detectors"
      title={STRINGS.title}
      intro={STRINGS.intro}
      addLabel={STRINGS.add}
      unnamed={STRINGS.unnamed}
      fields={['label', 'id', 'matches', ['email', 'selector'], ['name', 'selector'], ['recordId', 'urlPattern']]}
      newItem={(items) => ({
        id: freshId(items, 'page'),
        label: STRINGS.newLabel,
        matches: ['https://portal.example.com/*'],
        email: { selector: '[data-field="email"]' },
      })}
    >
      {(_detector, i) => (
        <>
          <TextField path={['detectors', i, 'label']} label={STRINGS.label} />
          <TextField path={['detectors', i, 'id']} label={STRINGS.id} />
          <MatchesField index={i} />
          <TextField
            path={['detectors', i, 'email', 'selector']}
            removeWhenEmpty={['detectors', i, 'email']}
            label={STRINGS.email}
            hint={STRINGS.selectorHint}
          />
          <TextField
            path={['detectors', i, 'name', 'selector']}
            removeWhenEmpty={['detectors', i, 'name']}
            label={STRINGS.name}
            hint={STRINGS.selectorHint}
          />
          <TextField
            path={['detectors', i, 'recordId', 'urlPattern']}
            removeWhenEmpty={['detectors', i, 'recordId']}
            label={STRINGS.recordId}
            hint={STRINGS.recordIdHint}
            class="wide"
          />
        </>
      )}
    </ListSection>
  );
}
