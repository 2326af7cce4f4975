import { setTranslator } from '@/utils/i18n';
import { tableTranslator } from '@/utils/i18n/tables';

// The admins' tools speak English here, as they do for IT without LANG set.
setTranslator(tableTranslator('en'));
