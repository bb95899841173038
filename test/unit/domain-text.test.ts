/**
 * The text rules every typed field shares (src/domain/text.ts): normalisation, invisible
 * characters, control characters, and what each field's schema answers.
 */
import { commentSchema } from '../../src/domain/approvals';
import { departmentNameKey, departmentNameSchema } from '../../src/domain/departments';
import { planPhaseSchema, sessionSchema } from '../../src/domain/plan';
import { rolloutInputSchema } from '../../src/domain/rollout';
import { normaliseText, textSchema } from '../../src/domain/text';

const title = textSchema({ max: 10, required: 'req', tooLong: 'long' });
const prose = textSchema({ max: 50, tooLong: 'long', multiline: true });

function messages(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  return result.success ? [] : (result.error?.issues.map((issue) => issue.message) ?? []);
}

describe('normaliseText', () => {
  it('composes to NFC, collapses spaces on one line and trims', () => {
    expect(normaliseText('  Cafe\u0301 \u00a0 crème  ')).toBe('Café crème');
    expect(normaliseText('a\u2028b')).toBe('a b');
  });

  it('strips zero-width, soft-hyphen, bidi and other invisible characters', () => {
    for (const hidden of [
      'Sales\u200B',
      'Sal\u00ADes',
      '\u202ESales',
      '\u2066Sales\u2069',
      'S\u200Dales',
      '\uFEFFSales',
      'Sales\u2060',
      'Sa\u200Eles\u200F',
      'Sales\u3164',
      'Sales\u{E0041}\u{E007F}',
    ]) {
      expect(normaliseText(hidden)).toBe('Sales');
    }
  });

  it('keeps line breaks in multi-line text, with CR LF and CR made LF', () => {
    expect(normaliseText(' one\r\ntwo\rthree\u2029four\tfive ', true)).toBe(
      'one\ntwo\nthree\nfour\tfive',
    );
  });
});

describe('textSchema', () => {
  it('refuses NUL, ESC, DEL and C1 controls, naming the field’s rule first', () => {
    for (const value of ['a\u0000b', 'a\u001Bb', 'a\u007Fb', 'a\u0085b', 'a\u009Bb']) {
      expect(messages(title.safeParse(value))).toEqual(['errors.text.controlSingleLine']);
      expect(messages(prose.safeParse(value))).toEqual(['errors.text.controlMultiline']);
    }
  });

  it('refuses line breaks and tabs on one line, and keeps them in multi-line text', () => {
    expect(messages(title.safeParse('a\nb'))).toEqual(['errors.text.controlSingleLine']);
    expect(messages(title.safeParse('a\tb'))).toEqual(['errors.text.controlSingleLine']);
    expect(prose.parse('a\nb\tc')).toBe('a\nb\tc');
    // Leading and trailing whitespace, line breaks included, is trimmed, not refused.
    expect(title.parse('\n Sales \t')).toBe('Sales');
  });

  it('refuses lone surrogates and keeps paired ones', () => {
    expect(messages(title.safeParse('a\uD800b'))).toEqual(['errors.text.controlSingleLine']);
    expect(title.parse('ok \uD83D\uDE00')).toBe('ok \uD83D\uDE00');
  });

  it('says required and too long after stripping, and accepts empty optional text', () => {
    expect(messages(title.safeParse('\u200B \u00AD'))).toEqual(['req']);
    expect(messages(title.safeParse('x'.repeat(11)))).toEqual(['long']);
    expect(title.parse(`${'x'.repeat(10)}\u200B`)).toBe('x'.repeat(10));
    expect(prose.parse('   ')).toBe('');
    expect(messages(title.safeParse(42))).toEqual(['req']);
  });
});

describe('every text field follows the rules', () => {
  it('department names: a look-alike folds to the same key as the original', () => {
    const key = departmentNameKey('Sales');
    for (const lookalike of ['Sales\u200B', 'Sal\u00ADes', '\u202ESales', ' SALES ']) {
      expect(departmentNameKey(departmentNameSchema.parse(lookalike))).toBe(key);
    }
    expect(messages(departmentNameSchema.safeParse('Sa\u0000les'))).toEqual([
      'errors.text.controlSingleLine',
    ]);
  });

  it('rollout title and objective, decision comments, phase, task and session texts', () => {
    const rollout = rolloutInputSchema.safeParse({
      title: 'CRM\u001B[31m',
      objective: 'Line one\nline two\u0000',
      targetDate: '2031-01-01',
      departments: [{ departmentId: '00000000-0000-4000-8000-000000000001', stage: 1 }],
    });
    expect(
      rollout.success ? [] : rollout.error.issues.map((i) => [i.path.join('.'), i.message]),
    ).toEqual([
      ['title', 'errors.text.controlSingleLine'],
      ['objective', 'errors.text.controlMultiline'],
    ]);
    expect(commentSchema.parse(' Fine\r\nby me\u200B ')).toBe('Fine\nby me');
    expect(messages(commentSchema.safeParse('no\u0007'))).toEqual(['errors.text.controlMultiline']);
    const id = '00000000-0000-4000-8000-000000000002';
    expect(
      messages(
        planPhaseSchema.safeParse({
          id,
          name: 'Pilot\u0000',
          start: '2031-01-01',
          end: '2031-01-02',
          tasks: [],
        }),
      ),
    ).toEqual(['errors.text.controlSingleLine']);
    const session = sessionSchema.safeParse({
      id,
      kind: 'training',
      title: '\u202ETraining',
      phaseId: id,
      ownerAccountId: 'trainer',
      date: '2031-01-01',
      startTime: '09:30',
      durationMinutes: 60,
      place: 'Room\u0007 1',
      capacity: 10,
      departmentIds: [id],
      allDepartments: false,
      audience: 'All\u0000',
    });
    expect(
      session.success ? [] : session.error.issues.map((i) => [i.path.join('.'), i.message]),
    ).toEqual([
      ['place', 'errors.text.controlSingleLine'],
      ['audience', 'errors.text.controlSingleLine'],
    ]);
  });
});
