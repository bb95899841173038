/** The audit trail's CSV: quoting, and no formula a spreadsheet would run. */
import {
  CSV_COLUMNS,
  auditEvent,
  csvField,
  csvRow,
  eventCsvRow,
  eventTimes,
} from '../../src/domain/audit';

describe('csvField', () => {
  it('leaves plain text alone and quotes what CSV needs quoted', () => {
    expect(csvField('Finance')).toBe('Finance');
    expect(csvField(3)).toBe('3');
    expect(csvField('Sales, EMEA')).toBe('"Sales, EMEA"');
    expect(csvField('She said "no"')).toBe('"She said ""no"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
  });

  it.each([
    [
      '=HYPERLINK("http://evil.example","click")',
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
    ],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('defuses the formula %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});

describe('eventCsvRow', () => {
  it('writes one CRLF-terminated row per event, with names for account ids', () => {
    const names: Record<string, string> = { lucas: 'Lucas Petit', elodie: 'Élodie Lefèvre' };
    const name = (id: string) => names[id] ?? id;
    const decided = auditEvent(
      {
        rolloutId: 'r1',
        at: '2030-01-10T09:00:00.000Z',
        type: 'decided',
        actorAccountId: 'lucas',
        onBehalfOfAccountId: 'elodie',
        departmentName: 'Finance',
        round: 2,
        stage: 1,
        detail: 'changes-requested',
        comment: '=cmd, "quoted"',
      },
      'x',
    );
    expect(eventCsvRow(decided, name)).toBe(
      `2030-01-10T09:00:00.000Z,decided,2,1,Finance,Lucas Petit,Élodie Lefèvre,changes-requested,"'=cmd, ""quoted"""\r\n`,
    );
    const delegated = auditEvent(
      {
        rolloutId: 'r1',
        at: '2030-01-11T00:00:00.000Z',
        type: 'delegated',
        actorAccountId: 'elodie',
        detail: 'lucas',
      },
      'y',
    );
    expect(eventCsvRow(delegated, name)).toBe(
      '2030-01-11T00:00:00.000Z,delegated,,,,Élodie Lefèvre,,Lucas Petit,\r\n',
    );
    expect(csvRow(CSV_COLUMNS)).toBe(
      'time,event,round,stage,department,by,on behalf of,detail,comment\r\n',
    );
  });
});

describe('eventTimes', () => {
  it('spaces events written together one millisecond apart', () => {
    expect(eventTimes('2030-01-10T09:00:00.999Z', 2)).toEqual([
      '2030-01-10T09:00:00.999Z',
      '2030-01-10T09:00:01.000Z',
    ]);
  });
});
