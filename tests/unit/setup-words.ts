import { beforeEach } from 'vitest';
import { setTranslator } from '@/utils/i18n';
import { tableTranslator } from '@/utils/i18n/tables';

// The interface in tests is the English one, from the messages' own tables (tests in other
// languages set their own translator).
beforeEach(() => setTranslator(tableTranslator('en')));
