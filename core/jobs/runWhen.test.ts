// When a run was submitted, as the Jobs view shows it: two runs of one spec told apart at a glance.
import * as assert from 'node:assert/strict';
import { english } from '../text/message';
import { runWhen } from './runWhen';

describe('when a run was submitted, as the Jobs view says it', () => {
  // Local times, as the user's clock reads them (whatever the machine's time zone).
  const now = new Date(2025, 4, 3, 14, 30).getTime();
  const shown = (at: Date, locale = 'en'): string => english(runWhen(at.getTime(), now, locale));

  it('today and yesterday by their time, to the minute, on a 24-hour clock', () => {
    assert.equal(shown(new Date(2025, 4, 3, 14, 3, 59)), 'today 14:03');
    assert.equal(shown(new Date(2025, 4, 3, 0, 0)), 'today 00:00');
    assert.equal(shown(new Date(2025, 4, 2, 23, 59)), 'yesterday 23:59');
    assert.equal(shown(new Date(2025, 4, 2, 9, 5)), 'yesterday 09:05');
    // Across the turn of a month and a year.
    assert.equal(english(runWhen(new Date(2024, 11, 31, 22, 0).getTime(), new Date(2025, 0, 1, 1, 0).getTime(), 'en')), 'yesterday 22:00');
  });

  it('earlier days with their date and time, and earlier years with their date, in the language of VS Code', () => {
    assert.equal(shown(new Date(2025, 4, 1, 8, 15)), 'May 1, 08:15');
    assert.equal(shown(new Date(2025, 0, 20, 17, 45)), 'Jan 20, 17:45');
    assert.equal(shown(new Date(2024, 4, 3, 14, 3)), 'May 3, 2024');
    assert.equal(shown(new Date(2025, 4, 1, 8, 15), 'zh-cn'), '5月1日 08:15');
    assert.equal(shown(new Date(2024, 4, 3, 14, 3), 'zh-cn'), '2024年5月3日');
  });

  it('a run submitted later than now (another machine’s clock) by its date; an unknown language does not throw', () => {
    assert.equal(shown(new Date(2025, 4, 4, 9, 0)), 'May 4, 09:00');
    assert.equal(english(runWhen(new Date(2025, 4, 3, 14, 3).getTime(), now, 'not a language @@')), 'today 14:03');
  });
});
