import { lastDays, lastMonth } from '@/utils/dashboard/clock';
import type { DashboardFilters } from '@/utils/dashboard/types';
import { t } from '@/utils/i18n';
import type { Words } from './format';

// The period (whole days on the firm's calendar, first and last included) and the filters.

/** The choice of no filter: not an id a policy or a ledger uses. */
const ALL = '*all*';

export interface Dates {
  first: string;
  last: string;
}

export function Controls(props: {
  dates: Dates;
  onDates(dates: Dates): void;
  filters: DashboardFilters;
  onFilters(filters: DashboardFilters): void;
  choices: { roles: string[]; people: string[]; categories: string[] };
  words: Words;
  now: number;
  timeZone: string;
}) {
  const { dates, filters, words: w } = props;
  const presets: { label: string; dates: Dates }[] = [
    { label: t('dashLast90'), dates: lastDays(props.now, props.timeZone) },
    { label: t('dashLastMonth'), dates: lastMonth(props.now, props.timeZone) },
    { label: t('dashLast365'), dates: lastDays(props.now, props.timeZone, 365) },
  ];
  const select = (value: string) => (value === ALL ? null : value);
  return (
    <form class="card stack controls no-print" aria-labelledby="controls-heading" onSubmit={(e) => e.preventDefault()}>
      <h2 id="controls-heading">{t('dashControls')}</h2>
      <div class="row">
        <span class="field">
          <label for="dash-from">{t('dashFrom')}</label>{' '}
          <input id="dash-from" type="date" value={dates.first} max={dates.last} required onChange={(e) => e.currentTarget.value && props.onDates({ ...dates, first: e.currentTarget.value })} />
        </span>
        <span class="field">
          <label for="dash-to">{t('dashTo')}</label>{' '}
          <input id="dash-to" type="date" value={dates.last} min={dates.first} required onChange={(e) => e.currentTarget.value && props.onDates({ ...dates, last: e.currentTarget.value })} />
        </span>
        {presets.map((p) => (
          <button
            key={p.label}
            type="button"
            class="secondary small"
            aria-pressed={p.dates.first === dates.first && p.dates.last === dates.last}
            onClick={() => props.onDates(p.dates)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div class="row">
        <span class="field">
          <label for="dash-role">{t('dashRole')}</label>{' '}
          <select id="dash-role" value={filters.role ?? ALL} onChange={(e) => props.onFilters({ ...filters, role: select(e.currentTarget.value) })}>
            <option value={ALL}>{t('dashAllRoles')}</option>
            {props.choices.roles.map((id) => (
              <option key={id} value={id}>
                {w.role(id)}
              </option>
            ))}
          </select>
        </span>
        <span class="field">
          <label for="dash-person">{t('dashPerson')}</label>{' '}
          <select id="dash-person" value={filters.person ?? ALL} onChange={(e) => props.onFilters({ ...filters, person: select(e.currentTarget.value) })}>
            <option value={ALL}>{t('dashEveryone')}</option>
            {props.choices.people.map((email) => (
              <option key={email} value={email}>
                {w.person(email)}
              </option>
            ))}
          </select>
        </span>
        <span class="field">
          <label for="dash-category">{t('dashCategory')}</label>{' '}
          <select id="dash-category" value={filters.category ?? ALL} onChange={(e) => props.onFilters({ ...filters, category: select(e.currentTarget.value) })}>
            <option value={ALL}>{t('dashAllCategories')}</option>
            {props.choices.categories.map((id) => (
              <option key={id} value={id}>
                {w.category(id)}
              </option>
            ))}
          </select>
        </span>
      </div>
    </form>
  );
}
