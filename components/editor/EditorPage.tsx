import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/browser/messaging';
import { applyDraft, type LimitDraft } from '@/utils/editor/draft';
import { money } from '@/utils/i18n/format';
import { documentFromPolicy, serializeDocument, setAt, updateList, type PolicyDocument } from '@/utils/editor/document';
import { messagesAt, validateDocument } from '@/utils/editor/issues';
import { renameId } from '@/utils/editor/references';
import { suggestPolicyVersion } from '@/utils/editor/version';
import { policyVersionProblem } from '@/utils/policy/sync';
import { errorText } from '@/utils/error-text';
import type { Policy } from '@/utils/policy/types';
import { Notice } from '../ui/Notice';
import { Actions, type Shipped } from './Actions';
import { serveDraft } from '@/utils/browser/draft-channel';
import { AuthorityTable } from './AuthorityTable';
import { CategoriesSection } from './CategoriesSection';
import { ChecklistSection } from './ChecklistSection';
import { EditorContext, type Editor } from './context';
import { DetectorsSection } from './DetectorsSection';
import { FirmSection } from './FirmSection';
import { RemediesSection } from './RemediesSection';
import { RolesSection } from './RolesSection';
import { StaffSection } from './StaffSection';
import { TemplatesSection } from './TemplatesSection';
import { Sources, type Example } from './Sources';
import { messages, t, tp, type MessageKey } from '@/utils/i18n';

// The policy editor: a partner decides the firm's authority here, sees how it plays out per role,
// and downloads the file (or applies it on this computer). Every check is the extension's own.

const STRINGS = messages({
  title: 'edEditorPageTitle',
  loading: 'edEditorPageLoading',
  inForce: 'edEditorPageInForce',
  noneInForce: 'edEditorPageNoneInForce',
  editing: (what: string) => t('edEditing', what),
  left: (n: number) => (n === 0 ? t('edNothingLeft') : tp('edLeft', n)),
  fieldProblem: (field: string, message: string) => t('edFieldProblem', field, message),
  index: 'edIndex',
});

/** The editor's sections, as its index lists them: each heading's id and its title. */
const SECTIONS: readonly (readonly [id: string, title: MessageKey])[] = [
  ['f-firm-heading', 'edFirmTitle'],
  ['f-roles-heading', 'edRolesTitle'],
  ['authority-table-heading', 'edAuthorityTableTitle'],
  ['f-staff-heading', 'edStaffTitle'],
  ['f-remedies-heading', 'edRemediesTitle'],
  ['f-categories-heading', 'edCategoriesTitle'],
  ['f-checklist-heading', 'edChecklistTitle'],
  ['f-templates-heading', 'edTemplatesTitle'],
  ['f-detectors-heading', 'edDetectorsTitle'],
];

interface Loaded {
  doc: PolicyDocument;
  what: string;
}

export function EditorPage(props: {
  examples: readonly Example[];
  loadExample(example: Example): Promise<string>;
  save(text: string, fileName: string): void;
  /** A change to try on top of the policy in force (the dashboard's *Try in the editor*). */
  draft?: LimitDraft | null;
}) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [lastEdit, setLastEdit] = useState<{ path: readonly (string | number)[]; label: string } | null>(null);
  const [now] = useState(() => Date.now());
  const [syncUrl, setSyncUrl] = useState<string | null>(null);
  const [inForce, setInForce] = useState<Policy | null>(null);
  const [signingRequired, setSigningRequired] = useState(false);
  const lastValid = useRef<Policy | null>(null);
  const bar = useRef<HTMLDivElement>(null);
  const draftText = useRef<string | null>(null);
  const draft = useRef<ReturnType<typeof serveDraft> | null>(null);

  // The playbook opened from here shows this draft: it asks on the extension pages' channel.
  useEffect(() => {
    draft.current = serveDraft(() => draftText.current);
    return () => draft.current?.close();
  }, []);

  // A section reached from the index lands below the bar, not under it.
  useEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      document.documentElement.style.scrollPaddingTop = `${el.offsetHeight + 8}px`;
    });
    observer.observe(el);
    return () => observer.disconnect();
  });
  const [draftCases] = useState(() => (props.draft?.case ? [props.draft.case] : null));

  useEffect(() => {
    sendMessage('getPolicyState').then(
      async (state) => {
        setSyncUrl(state.policyUrl);
        // The policy as the firm wrote it: a ledger it names but may not choose unsigned is kept.
        const written = state.policy && state.unsignedLedger ? { ...state.policy, ledger: state.unsignedLedger } : state.policy;
        setInForce(written);
        setSigningRequired(state.signingKey !== null);
        if (written) {
          const doc = documentFromPolicy(written);
          const draft = props.draft ? applyDraft(doc, props.draft, written.firm.currency) : null;
          if (props.draft && !draft) setNotice(t('edDraftRoleMissing', props.draft.role));
          if (draft && props.draft) {
            const before = written.roles[draft.index]?.perIncident ?? null;
            setNotice(
              t('edDraftFromDashboard', draft.label, before === null ? t('dashNoLimit') : money(before, written.firm.currency), money(props.draft.perIncident, written.firm.currency)),
            );
            open(draft.doc, t('edDraftWhat'));
          } else {
            open(doc, STRINGS.inForce);
          }
        } else {
          setNotice(STRINGS.noneInForce);
          const first = props.examples[0];
          if (first) open(JSON.parse(await props.loadExample(first)) as PolicyDocument, first.label);
        }
      },
      (error: unknown) => setProblem(errorText(error)),
    );
  }, []);

  function open(doc: PolicyDocument, what: string) {
    lastValid.current = null;
    setLastEdit(null);
    setLoaded({ doc, what });
  }

  const validation = useMemo(() => (loaded ? validateDocument(loaded.doc) : null), [loaded?.doc]);
  if (validation?.policy) lastValid.current = validation.policy;
  const version = useMemo(() => {
    const problem = validation?.policy ? policyVersionProblem(validation.policy, inForce) : null;
    return problem && validation?.policy && inForce
      ? { problem, suggestion: suggestPolicyVersion(inForce.policyVersion, now, validation.policy.firm.timeZone) }
      : null;
  }, [validation, inForce, now]);

  const editor: Editor | null =
    loaded && validation
      ? {
          doc: loaded.doc,
          issues: validation.issues,
          lastValid: lastValid.current,
          version,
          set(path, value, label) {
            setLoaded((l) => (l ? { ...l, doc: setAt(l.doc, path, value) } : l));
            setLastEdit({ path, label });
          },
          renameId(list, index, newId, label) {
            setLoaded((l) => (l ? { ...l, doc: renameId(l.doc, list, index, newId) } : l));
            setLastEdit({ path: [list, index, 'id'], label });
          },
          updateList(path, change) {
            setLoaded((l) => (l ? { ...l, doc: updateList(l.doc, path, change) } : l));
            setLastEdit(null);
          },
        }
      : null;

  const count = validation?.issues.length ?? 0;
  const editedMessage = lastEdit && validation ? messagesAt(validation.issues, lastEdit.path)[0] : undefined;
  const text = loaded && validation?.policy ? serializeDocument(loaded.doc) : null;
  useEffect(() => {
    draftText.current = text;
    if (text !== null) draft.current?.changed();
  }, [text]);

  /** The draft as it leaves the editor: under the newer version the policy in force needs, set first. */
  function ship(): Shipped | null {
    if (!loaded || !validation?.policy) return null;
    if (!version) return { text: serializeDocument(loaded.doc), version: validation.policy.policyVersion };
    const doc = setAt(loaded.doc, ['policyVersion'], version.suggestion);
    setLoaded({ ...loaded, doc });
    return { text: serializeDocument(doc), version: version.suggestion };
  }

  return (
    <main class="editor stack">
      <h1>{STRINGS.title}</h1>
      {problem && <Notice kind="error">{problem}</Notice>}
      <Sources
        examples={props.examples}
        loadExample={props.loadExample}
        onOpen={(doc, what) => {
          setNotice(null);
          open(doc, what);
        }}
      />
      {notice && <Notice kind="info">{notice}</Notice>}
      {!editor && !problem && <p role="status">{STRINGS.loading}</p>}
      {editor && loaded && (
        <EditorContext.Provider value={editor}>
          <div class="editor-bar" ref={bar}>
            <div class="problems-bar" role="status">
              <span class="muted">{STRINGS.editing(loaded.what)}</span>{' '}
              <strong class={count ? 'has-problems' : 'no-problems'}>{STRINGS.left(count)}</strong>{' '}
              {editedMessage && lastEdit && <span>{STRINGS.fieldProblem(lastEdit.label, editedMessage)}</span>}
            </div>
            <nav aria-label={STRINGS.index} class="section-index">
              <ul>
                {SECTIONS.map(([id, title]) => (
                  <li key={id}>
                    <a href={`#${id}`}>{t(title)}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <Actions
              text={text}
              problemCount={count}
              version={version && inForce ? { inForce: inForce.policyVersion, next: version.suggestion } : null}
              ship={ship}
              syncUrl={syncUrl}
              signingRequired={signingRequired}
              ledgerUrl={validation?.policy?.ledger?.url ?? null}
              fileName="policy.json"
              save={props.save}
              apply={async (policyText) => {
                const state = await sendMessage('importPolicy', { text: policyText, fileName: 'policy.json' });
                if (!state.lastError) setInForce(state.policy);
                return state;
              }}
            />
          </div>
          <FirmSection />
          <RolesSection />
          <AuthorityTable
            policy={validation?.policy ?? lastValid.current}
            stale={!validation?.policy && !!lastValid.current}
            now={now}
            {...(draftCases ? { cases: draftCases } : {})}
          />
          <StaffSection />
          <RemediesSection />
          <CategoriesSection />
          <ChecklistSection />
          <TemplatesSection />
          <DetectorsSection />
        </EditorContext.Provider>
      )}
    </main>
  );
}
