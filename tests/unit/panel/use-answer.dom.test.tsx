import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { useAnswer } from '@/components/panel/use-answer';
import { mount, settle, textOf } from './dom';

// The panel asks the background about what is on screen (this tab, this client, this query). When
// the user moves on before the answer arrives, the late answer must not show up under the new one.

interface Pending {
  resolve(name: string): void;
  reject(error: Error): void;
}

const pending = new Map<string, Pending>();
const asked: string[] = [];

function ask(tab: string): Promise<string> {
  asked.push(tab);
  return new Promise((resolve, reject) => pending.set(tab, { resolve, reject }));
}

function ClientOfTab({ tab }: { tab: string | null }) {
  const [shown, setShown] = useState('Looking…');
  useAnswer(tab ? () => ask(tab) : null, setShown, (message) => setShown(`Problem: ${message}`), [tab]);
  return <p>{shown}</p>;
}

async function show(root: HTMLElement, tab: string | null) {
  await act(() => {
    render(<ClientOfTab tab={tab} />, root);
  });
}

describe('asking the background about what is on screen', () => {
  it('shows the answer for the tab now on screen, never a late one for the tab before', async () => {
    pending.clear();
    asked.length = 0;
    const root = await mount(<ClientOfTab tab="gmail" />);
    await show(root, 'hubspot');
    pending.get('hubspot')!.resolve('Dan Orchard');
    await settle();
    pending.get('gmail')!.resolve('Alice Baker');
    await settle();
    expect(textOf(root)).toBe('Dan Orchard');

    // A late failure of an earlier question is not shown either; a failure now is, in words.
    await show(root, 'zoho');
    await show(root, 'clio');
    pending.get('clio')!.resolve('Erin Clark');
    pending.get('zoho')!.reject(new Error('too late to matter'));
    await settle();
    expect(textOf(root)).toBe('Erin Clark');
    await show(root, 'pipedrive');
    pending.get('pipedrive')!.reject(new Error('The ledger could not be opened'));
    await settle();
    expect(textOf(root)).toBe('Problem: The ledger could not be opened');

    // Nothing to ask about: nothing is asked.
    await show(root, null);
    await settle();
    expect(asked).toEqual(['gmail', 'hubspot', 'zoho', 'clio', 'pipedrive']);
  });
});
