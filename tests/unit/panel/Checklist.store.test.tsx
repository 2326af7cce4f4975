import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Checklist } from '@/components/panel/Checklist';
import type { Incident } from '@/utils/ledger/types';
import { BEN, NOW, testIncident, testPolicy } from './fixtures';
import { answerMessages, click, getByRole, mount, queryAllByRole, textOf } from './dom';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

const MIN = 60_000;

function renderChecklist(incident: Incident, onIncident = vi.fn()) {
  return mount(<Checklist policy={testPolicy()} incident={incident} now={NOW} onIncident={onIncident} />);
}

function dueOf(box: HTMLElement): string {
  return textOf(box.ownerDocument.getElementById(box.getAttribute('aria-describedby')!)!);
}

describe('Checklist', () => {
  beforeEach(() => {
    answerMessages({});
  });

  it('has one checkbox per step, named exactly by its label, with when it is due', async () => {
    const createdAt = NOW - 2 * 60 * MIN - 20 * MIN;
    const incident = testIncident({
      createdAt,
      checklist: [
        { stepId: 'acknowledge', label: 'Acknowledge the mistake plainly', dueAt: NOW - 2 * 60 * MIN },
        { stepId: 'apologize', label: 'Apologize personally', dueAt: NOW + 40 * MIN },
        {
          stepId: 'correct',
          label: 'Correct the mistake',
          dueAt: NOW,
          doneAt: Date.UTC(2026, 10, 25, 19, 2) - 60 * MIN,
          doneBy: 'ana.ruiz@harborpine.example',
        },
        { stepId: 'record', label: 'Record what was given' },
      ],
    });
    const el = await renderChecklist(incident);
    const boxes = queryAllByRole(el, 'checkbox');
    expect(boxes).toHaveLength(4);
    const ack = getByRole(el, 'checkbox', 'Acknowledge the mistake plainly');
    expect(dueOf(ack)).toBe('overdue by 2 h');
    expect(dueOf(getByRole(el, 'checkbox', 'Apologize personally'))).toBe('due in 40 min');
    const correct = getByRole<HTMLInputElement>(el, 'checkbox', 'Correct the mistake');
    expect(correct.checked).toBe(true);
    expect(dueOf(correct)).toBe('done by Ana Ruiz at 1:02 PM');
    expect(dueOf(getByRole(el, 'checkbox', 'Record what was given'))).toBe('no due time');
    expect(textOf(el.querySelector('.section-head span')!)).toBe('1 of 4 done');
  });

  it('saves a tick at once and shows who ticked it', async () => {
    const incident = testIncident();
    const ticked: Incident = {
      ...incident,
      checklist: incident.checklist.map((s) =>
        s.stepId === 'acknowledge' ? { ...s, doneAt: NOW, doneBy: BEN.email } : s,
      ),
    };
    const messages = answerMessages({ tickStep: () => ticked });
    const onIncident = vi.fn();
    const el = await renderChecklist(incident, onIncident);
    await click(getByRole(el, 'checkbox', 'Acknowledge the mistake plainly'));
    expect(messages.of('tickStep')).toEqual([{ incidentId: 'inc-1', stepId: 'acknowledge', done: true }]);
    expect(onIncident).toHaveBeenCalledWith(ticked);
  });

  it('puts the tick back and says so when saving fails', async () => {
    answerMessages({
      tickStep: () => {
        throw new Error('The database is closed');
      },
    });
    const el = await renderChecklist(testIncident());
    const box = getByRole<HTMLInputElement>(el, 'checkbox', 'Apologize personally');
    const alert = getByRole(el, 'alert');
    expect(textOf(alert)).toBe('');
    await click(box);
    expect(getByRole(el, 'alert')).toBe(alert);
    expect(box.checked).toBe(false);
    expect(textOf(getByRole(el, 'alert'))).toBe('Not saved: The database is closed');
  });

  it('cannot be changed once the incident is resolved', async () => {
    const el = await renderChecklist(testIncident({ status: 'resolved' }));
    for (const box of queryAllByRole(el, 'checkbox')) expect((box as HTMLInputElement).disabled).toBe(true);
  });

  it('shows the steps due within the hour and folds the later ones, keeping a ticked step where it was', async () => {
    const incident = testIncident({
      checklist: [
        { stepId: 'acknowledge', label: 'Acknowledge the mistake plainly', dueAt: NOW },
        { stepId: 'apologize', label: 'Apologize personally', dueAt: NOW + 60 * MIN },
        { stepId: 'correct', label: 'Correct the mistake', dueAt: NOW + 24 * 60 * MIN },
        { stepId: 'record', label: 'Record what was given' },
      ],
    });
    const ticked: Incident = { ...incident, checklist: incident.checklist.map((s, i) => (i === 0 ? { ...s, doneAt: NOW, doneBy: BEN.email } : s)) };
    answerMessages({ tickStep: () => ticked });
    const onIncident = vi.fn();
    const el = await renderChecklist(incident, onIncident);
    const later = el.querySelector<HTMLDetailsElement>('details.more-steps')!;
    expect(later.open).toBe(false);
    expect(textOf(later.querySelector('summary')!)).toBe('Later steps (2)');
    const shown = () => [...el.querySelectorAll('ul')].filter((ul) => !later.contains(ul)).flatMap((ul) => [...ul.querySelectorAll('label')].map(textOf));
    expect(shown()).toEqual(['Acknowledge the mistake plainly', 'Apologize personally']);
    await click(getByRole(el, 'checkbox', 'Acknowledge the mistake plainly'));
    expect(onIncident).toHaveBeenCalledWith(ticked);
  });

  it('keeps a step that was shown on screen after it is ticked, and folds it when the incident is opened again', async () => {
    const incident = testIncident({
      checklist: [
        { stepId: 'acknowledge', label: 'Acknowledge the mistake plainly', dueAt: NOW },
        { stepId: 'correct', label: 'Correct the mistake', dueAt: NOW + 24 * 60 * MIN },
      ],
    });
    const ticked: Incident = { ...incident, checklist: incident.checklist.map((s, i) => (i === 0 ? { ...s, doneAt: NOW, doneBy: BEN.email } : s)) };
    const el = await renderChecklist(incident);
    const folded = (root: HTMLElement) => root.querySelector('details.more-steps')!.contains(getByRole(root, 'checkbox', 'Acknowledge the mistake plainly'));
    expect(folded(el)).toBe(false);
    // The saved incident comes back with the step done: it stays where the person ticked it.
    await act(() => render(<Checklist policy={testPolicy()} incident={ticked} now={NOW} onIncident={vi.fn()} />, el));
    expect((getByRole(el, 'checkbox', 'Acknowledge the mistake plainly') as HTMLInputElement).checked).toBe(true);
    expect(folded(el)).toBe(false);
    // Opened afresh, the done step is with the later ones.
    expect(folded(await renderChecklist(ticked))).toBe(true);
  });
});
