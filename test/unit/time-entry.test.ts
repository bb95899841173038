import { parseTypedTime, timeAsDate } from '../../src/ui/components/time-entry';

describe('a typed start time', () => {
  it.each([
    ['14:30', '14:30'],
    ['14h30', '14:30'],
    ['14 h 30', '14:30'],
    ['14h', '14:00'],
    ['9', '09:00'],
    ['9:05', '09:05'],
    ['14.30', '14:30'],
    ['0:00', '00:00'],
    ['2:30 pm', '14:30'],
    ['2 PM', '14:00'],
    ['12:15 am', '00:15'],
    ['12 pm', '12:00'],
    ['11:45 a.m.', '11:45'],
  ])('reads %s as %s', (typed, expected) => {
    expect(parseTypedTime(typed)).toBe(expected);
  });

  it.each(['', 'noon', '24:00', '9:60', '13 pm', '0 am', '9:5', '2027-03-31'])(
    'refuses %p',
    (typed) => {
      expect(parseTypedTime(typed)).toBeNull();
    },
  );

  it('gives the picker a Date at that time', () => {
    const date = timeAsDate('07:45');
    expect([date.getHours(), date.getMinutes(), date.getSeconds()]).toEqual([7, 45, 0]);
  });
});
