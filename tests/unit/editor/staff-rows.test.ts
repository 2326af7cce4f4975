import { describe, expect, it } from 'vitest';
import { parseStaffRows } from '@/utils/editor/staff-rows';

const roles = [
  { id: 'front-desk', label: 'Front desk' },
  { id: 'manager', label: 'Manager' },
];

describe('staff rows pasted from a spreadsheet', () => {
  it('reads tab-separated rows (a spreadsheet copy), skipping its header, and roles by label or id', () => {
    const text = 'Name\tEmail\tRole\nEve Stone\teve@firm.example\tFront desk\nFinn Wu\tfinn@firm.example\tmanager\n';
    expect(parseStaffRows(text, roles)).toEqual({
      rows: [
        { name: 'Eve Stone', email: 'eve@firm.example', role: 'front-desk' },
        { name: 'Finn Wu', email: 'finn@firm.example', role: 'manager' },
      ],
      skippedLines: [],
    });
  });

  it('reads comma- or semicolon-separated rows and keeps an unknown role for the policy check to name', () => {
    expect(parseStaffRows('Eve Stone, eve@firm.example, manger\nFinn Wu; finn@firm.example; Manager', roles).rows).toEqual([
      { name: 'Eve Stone', email: 'eve@firm.example', role: 'manger' },
      { name: 'Finn Wu', email: 'finn@firm.example', role: 'manager' },
    ]);
  });

  it('says which lines it could not read', () => {
    expect(parseStaffRows('Eve Stone, eve@firm.example\n\nFinn Wu, finn@firm.example, Manager, extra', roles)).toEqual({
      rows: [],
      skippedLines: [1, 3],
    });
  });
});
