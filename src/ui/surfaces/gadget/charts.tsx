/**
 * The gadget's charts, drawn as SVG by hand: a phase timeline with today's marker, the burn-up
 * (actual done % against the plan's expected %), and readiness over the pulses. Three small line
 * and bar drawings do not need a chart library (the light ones draw on canvas, which has no text
 * for assistive technology, and the SVG ones weigh more than this whole gadget); see decision 0020.
 * Colours are design tokens, so the charts follow the product's light or dark theme. Each chart
 * is an image with a name, and has a table with the same figures as its text equivalent.
 */
import type { ReactNode } from 'react';
import type { GadgetPhase } from '../../../contract';
import { useTranslator } from '../../i18n';
import { formatDay } from '../../components/dates';

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { left: 28, right: 8, top: 8, bottom: 18 };

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000;
}

/** Where a day falls across [first, last], 0–1 (clamped). */
function position(day: string, first: string, last: string): number {
  const span = dayNumber(last) - dayNumber(first);
  if (!Number.isFinite(span) || span <= 0) return 0;
  return Math.min(1, Math.max(0, (dayNumber(day) - dayNumber(first)) / span));
}

/** A table read by assistive technology in place of the drawing (and shown on demand). */
function TextEquivalent(props: { caption: string; head: string[]; rows: ReactNode[][] }) {
  const { t } = useTranslator();
  return (
    <details className="rc-gd-data">
      <summary>{t('gadget.chart.showData')}</summary>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((cell) => (
              <th key={cell} scope="col">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The phases as bars over the rollout's span, and today's marker. */
export function PhaseTimeline(props: { phases: GadgetPhase[]; today: string; title: string }) {
  const { t, locale } = useTranslator();
  const { phases, today } = props;
  if (phases.length === 0) return <p className="rc-gd-muted">{t('gadget.noPhases')}</p>;
  const first = phases.reduce(
    (min, p) => (p.start < min ? p.start : min),
    phases[0]?.start ?? today,
  );
  const last = phases.reduce((max, p) => (p.end > max ? p.end : max), phases[0]?.end ?? today);
  const row = 18;
  const height = phases.length * row + 16;
  const x = (day: string) => PAD.left + position(day, first, last) * (WIDTH - PAD.left - PAD.right);
  const todayShown = today >= first && today <= last;
  return (
    <figure className="rc-gd-figure">
      <svg
        viewBox={`0 0 ${String(WIDTH)} ${String(height)}`}
        role="img"
        aria-label={t('gadget.chart.timelineLabel', {
          title: props.title,
          today: formatDay(locale, today),
        })}
        className="rc-gd-svg"
      >
        {phases.map((phase, i) => {
          const from = x(phase.start);
          const width = Math.max(2, x(phase.end) - from);
          const done = phase.total === 0 ? 0 : phase.done / phase.total;
          return (
            <g key={phase.id}>
              <rect
                className="rc-gd-bar"
                x={from}
                y={i * row + 2}
                width={width}
                height={row - 6}
                rx={2}
              />
              <rect
                className="rc-gd-bar-done"
                x={from}
                y={i * row + 2}
                width={width * done}
                height={row - 6}
                rx={2}
              />
              <text className="rc-gd-label" x={2} y={i * row + 13}>
                {String(i + 1)}
              </text>
            </g>
          );
        })}
        {todayShown ? (
          <g>
            <line className="rc-gd-today" x1={x(today)} x2={x(today)} y1={0} y2={height - 12} />
            <text className="rc-gd-label" x={x(today)} y={height - 2} textAnchor="middle">
              {t('gadget.chart.today')}
            </text>
          </g>
        ) : null}
      </svg>
      <TextEquivalent
        caption={t('gadget.chart.timelineCaption')}
        head={[t('gadget.phase'), t('gadget.dates'), t('gadget.work')]}
        rows={phases.map((phase, i) => [
          `${String(i + 1)}. ${phase.name}`,
          `${formatDay(locale, phase.start)} – ${formatDay(locale, phase.end)}`,
          t('gadget.doneOf', { done: phase.done, total: phase.total }),
        ])}
      />
    </figure>
  );
}

interface Point {
  day: string;
  percent: number;
}

function path(points: readonly Point[], first: string, last: string, max = 100): string {
  return points
    .map((point, i) => {
      const px = PAD.left + position(point.day, first, last) * (WIDTH - PAD.left - PAD.right);
      const py = PAD.top + (1 - point.percent / max) * (HEIGHT - PAD.top - PAD.bottom);
      return `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`;
    })
    .join(' ');
}

function Axes(props: { max: number; ticks: number[]; format: (v: number) => string }) {
  const bottom = HEIGHT - PAD.bottom;
  return (
    <g>
      {props.ticks.map((tick) => {
        const y = PAD.top + (1 - tick / props.max) * (bottom - PAD.top);
        return (
          <g key={tick}>
            <line className="rc-gd-grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
            <text className="rc-gd-label" x={PAD.left - 4} y={y + 3} textAnchor="end">
              {props.format(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Actual done % (the daily snapshots) against the plan's expected %. */
export function BurnUp(props: { planned: Point[]; actual: Point[]; today: string; title: string }) {
  const { t, locale } = useTranslator();
  const { planned, actual } = props;
  if (planned.length === 0) return null;
  const first = planned[0]?.day ?? props.today;
  const last = planned[planned.length - 1]?.day ?? props.today;
  const latest = actual[actual.length - 1];
  const plannedToday = [...planned].reverse().find((p) => p.day <= props.today)?.percent ?? 0;
  const byDay = new Map(actual.map((p) => [p.day, p.percent]));
  const days = [...new Set([...planned.map((p) => p.day), ...actual.map((p) => p.day)])].sort();
  return (
    <figure className="rc-gd-figure">
      <figcaption className="rc-gd-caption">{t('gadget.chart.burnUp')}</figcaption>
      <svg
        viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
        role="img"
        aria-label={t('gadget.chart.burnUpLabel', {
          title: props.title,
          actual: latest?.percent ?? 0,
          planned: plannedToday,
        })}
        className="rc-gd-svg"
      >
        <Axes max={100} ticks={[0, 50, 100]} format={(v) => `${String(v)} %`} />
        <path className="rc-gd-planned" d={path(planned, first, last)} />
        {actual.length > 0 ? <path className="rc-gd-actual" d={path(actual, first, last)} /> : null}
        {actual.length === 1 && latest ? (
          <circle
            className="rc-gd-actual-dot"
            cx={PAD.left + position(latest.day, first, last) * (WIDTH - PAD.left - PAD.right)}
            cy={PAD.top + (1 - latest.percent / 100) * (HEIGHT - PAD.top - PAD.bottom)}
            r={3}
          />
        ) : null}
      </svg>
      <ul className="rc-gd-legend">
        <li className="rc-gd-legend-planned">{t('gadget.chart.planned')}</li>
        <li className="rc-gd-legend-actual">{t('gadget.chart.actual')}</li>
      </ul>
      {actual.length === 0 ? <p className="rc-gd-muted">{t('gadget.chart.noSnapshots')}</p> : null}
      <TextEquivalent
        caption={t('gadget.chart.burnUp')}
        head={[t('gadget.chart.day'), t('gadget.chart.planned'), t('gadget.chart.actual')]}
        rows={days.map((day) => {
          const plannedAt = [...planned].reverse().find((p) => p.day <= day)?.percent ?? 0;
          const actualAt = byDay.get(day);
          return [
            formatDay(locale, day),
            `${String(plannedAt)} %`,
            actualAt === undefined ? '–' : `${String(actualAt)} %`,
          ];
        })}
      />
    </figure>
  );
}

/** Each department's readiness (1–5) over the pulses, one line per department. */
export function ReadinessChart(props: {
  pulses: { day: string; byDepartment: Record<string, number | null> }[];
  departments: { id: string; name: string }[];
  title: string;
}) {
  const { t, locale } = useTranslator();
  const { pulses, departments } = props;
  if (pulses.length === 0) return null;
  const first = pulses[0]?.day ?? '';
  const last = pulses[pulses.length - 1]?.day ?? first;
  const shown = departments.filter((d) =>
    pulses.some((p) => typeof p.byDepartment[d.id] === 'number'),
  );
  return (
    <figure className="rc-gd-figure">
      <figcaption className="rc-gd-caption">{t('gadget.chart.readiness')}</figcaption>
      <svg
        viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
        role="img"
        aria-label={t('gadget.chart.readinessLabel', { title: props.title, pulses: pulses.length })}
        className="rc-gd-svg"
      >
        <Axes max={4} ticks={[0, 2, 4]} format={(v) => String(v + 1)} />
        {shown.slice(0, 6).map((department, i) => {
          const points = pulses.flatMap((pulse) => {
            const score = pulse.byDepartment[department.id];
            return typeof score === 'number' ? [{ day: pulse.day, percent: score - 1 }] : [];
          });
          return (
            <path
              key={department.id}
              className={`rc-gd-series rc-gd-series-${String(i)}`}
              d={first === last ? '' : path(points, first, last, 4)}
            />
          );
        })}
      </svg>
      <ul className="rc-gd-legend">
        {shown.slice(0, 6).map((department, i) => (
          <li key={department.id} className={`rc-gd-legend-series rc-gd-series-${String(i)}`}>
            {department.name}
          </li>
        ))}
      </ul>
      <TextEquivalent
        caption={t('gadget.chart.readiness')}
        head={[t('gadget.chart.day'), ...shown.map((d) => d.name)]}
        rows={pulses.map((pulse) => [
          formatDay(locale, pulse.day),
          ...shown.map((d) => {
            const score = pulse.byDepartment[d.id];
            return typeof score === 'number' ? score.toFixed(1) : t('gadget.hidden');
          }),
        ])}
      />
    </figure>
  );
}
