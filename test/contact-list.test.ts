import { describe, expect, it } from 'vitest';
import { loadSettings } from '../src/app/settings.js';
import { splitNames } from '../src/campaigns/names.js';

describe('one contact list, read the same everywhere', () => {
  it('keeps "Wang Wei" one person for --assign as for ADMIN_CONTACTS', () => {
    const typed = 'Wang Wei，李四、王五;李四';
    expect(splitNames(typed)).toEqual(['Wang Wei', '李四', '王五']);
    const settings = loadSettings({ ADMIN_CONTACTS: typed });
    expect(settings.env.ADMIN_CONTACTS).toEqual(['Wang Wei', '李四', '王五']);
  });
});
