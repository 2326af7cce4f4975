import type { Policy } from '@/utils/policy/types';

// The reference policy as the parser hands it over (amounts in cents), plus a maximum on flowers so
// the remedy cap that binds everyone can be exercised.
export function examplePolicy(): Policy {
  return {
    schemaVersion: 1,
    policyVersion: '2026-11-01',
    firm: { name: 'Harbor & Pine CPAs', currency: 'USD', locale: 'en-US', timeZone: 'America/New_York' },
    roles: [
      { id: 'front-desk', label: 'Front desk', perIncident: 2500, perClientPerYear: 10000, approverRole: 'manager' },
      { id: 'staff', label: 'Staff accountant', perIncident: 10000, perClientPerYear: 30000, approverRole: 'manager' },
      { id: 'manager', label: 'Manager', perIncident: 50000, perClientPerYear: 150000, approverRole: 'partner' },
      { id: 'partner', label: 'Partner', perIncident: 200000, perClientPerYear: null },
    ],
    staff: [
      { email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz', role: 'front-desk' },
      { email: 'ben.okafor@harborpine.example', name: 'Ben Okafor', role: 'staff' },
      { email: 'carla.meyer@harborpine.example', name: 'Carla Meyer', role: 'manager' },
      { email: 'dev.patel@harborpine.example', name: 'Dev Patel', role: 'partner' },
    ],
    remedies: [
      { id: 'courier-credit', label: 'Credit the courier fee', kind: 'credit', defaultAmount: 2000, template: 'credit-note' },
      { id: 'consult-refund', label: 'Refund the consultation fee', kind: 'refund', defaultAmount: 50000, template: 'credit-note' },
      { id: 'restaurant-gift', label: 'Restaurant gift card', kind: 'gift', defaultAmount: 5000, template: 'apology-gift' },
      { id: 'flowers', label: 'Get-well flowers', kind: 'gift', defaultAmount: 6000, maxAmount: 8000, template: 'apology-gift' },
      { id: 'apology', label: 'Apology, nothing charged', kind: 'apology', defaultAmount: 0, template: 'apology' },
    ],
    categories: [
      { id: 'missed-appointment', label: 'Missed or wrong-time appointment', suggestedRemedies: ['apology', 'restaurant-gift'] },
      { id: 'shipping-error', label: 'Documents sent the wrong way', suggestedRemedies: ['courier-credit'] },
      { id: 'advice-complaint', label: 'Unhappy with advice given', suggestedRemedies: ['consult-refund'] },
      { id: 'billing-error', label: 'Billing error', suggestedRemedies: ['courier-credit', 'apology'] },
    ],
    checklist: [
      { id: 'acknowledge', label: 'Acknowledge the mistake plainly', dueWithinMinutes: 0 },
      { id: 'apologize', label: 'Apologize personally', dueWithinMinutes: 60 },
      { id: 'correct', label: 'Correct the mistake', dueWithinMinutes: 1440 },
      { id: 'make-up', label: 'Make it up within your authority', dueWithinMinutes: 60 },
      { id: 'follow-up', label: 'Follow up the next day', dueWithinMinutes: 1440 },
      { id: 'record', label: 'Record what was given' },
    ],
    creditNotes: { prefix: 'CN' },
    templates: [],
    detectors: [],
    sync: { refreshMinutes: 60 },
  };
}
