import { describe, expect, it } from 'vitest';
import { didYouMean } from '@/utils/people';

// "Your email" decides your authority: a slip in typing it should lead back to you, never to a guess.

const STAFF = [
  { email: 'ana.ruiz@harborpine.example', name: 'Ana Ruiz' },
  { email: 'ben.okafor@harborpine.example', name: 'Ben Okafor' },
  { email: 'carla.meyer@harborpine.example', name: 'Carla Meyer' },
  { email: 'dan.lee@harborpine.example', name: 'Dan Lee' },
  { email: 'dan.lea@harborpine.example', name: 'Dan Lea' },
];

describe('did you mean …?', () => {
  it('finds the staff member one or two slips away, or with the same name at another domain', () => {
    expect(didYouMean('carla.meyr@harborpine.example', STAFF)?.name).toBe('Carla Meyer');
    expect(didYouMean(' Ana.Ruiz@HarborPine.exmaple ', STAFF)?.name).toBe('Ana Ruiz');
    expect(didYouMean('ben.okafor@gmail.com', STAFF)?.name).toBe('Ben Okafor');
  });

  it('offers nobody for an address on the list, one far from every name, or one equally close to two people', () => {
    expect(didYouMean('carla.meyer@harborpine.example', STAFF)).toBeNull();
    expect(didYouMean('someone@else.example', STAFF)).toBeNull();
    expect(didYouMean('dan.le@harborpine.example', STAFF)).toBeNull();
    expect(didYouMean('', STAFF)).toBeNull();
  });
});
