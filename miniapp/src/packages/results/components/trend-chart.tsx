import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TrendSeries } from '@ygt/shared';
import { useEffect, useMemo, useState } from 'react';
import { flagArrow, flagDisplay, formatMonth, formatValue } from '../results';
import './trend-chart.scss';

/**
 * A line chart of one item drawn with positioned Views (no canvas, no chart library): the same
 * markup on weapp and H5, a few KB in this subpackage, and points a test can count. Points are
 * placed by date across facilities, the reference range is a shaded band, and every point
 * carries its facility's mark, explained in words under the chart.
 */

const FACILITY_COLOURS = ['#0a5c8a', '#9a4d0b', '#0f766e', '#5b3d99', '#7a2e4d', '#3f6212'];

type Point = TrendSeries['points'][number];

export interface FacilityMark {
  id: string;
  name: string;
  mark: string;
  colour: string;
}

/** One character per facility (青, 县, 东 ...), distinct within the chart; a digit when names collide. */
export function facilityMarks(points: Point[]): FacilityMark[] {
  const marks: FacilityMark[] = [];
  for (const p of points) {
    if (marks.some((m) => m.id === p.facility.id)) continue;
    const used = new Set(marks.map((m) => m.mark));
    const candidate = [...(p.facility.shortName || p.facility.name)].find((ch) => !used.has(ch) && !/[\s·()（）]/.test(ch));
    marks.push({
      id: p.facility.id,
      name: p.facility.name,
      mark: candidate ?? String(marks.length + 1),
      colour: FACILITY_COLOURS[marks.length % FACILITY_COLOURS.length],
    });
  }
  return marks;
}

let nextChartId = 0;

/** The chart frame's width in px once laid out (a selector query works on weapp and H5 alike). */
function useFrameWidth(id: string): number | undefined {
  const [width, setWidth] = useState<number>();
  useEffect(() => {
    let done = false;
    const measure = () =>
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .boundingClientRect((rect) => {
          const r = Array.isArray(rect) ? rect[0] : rect;
          if (r && r.width > 0 && !done) {
            done = true;
            setWidth(r.width);
          }
        })
        .exec();
    Taro.nextTick(measure);
    // Should the query not answer (page still entering), estimate from the window.
    const fallback = setTimeout(() => {
      if (done) return;
      done = true;
      setWidth(Math.round(Taro.getSystemInfoSync().windowWidth * 0.84));
    }, 400);
    return () => clearTimeout(fallback);
  }, [id]);
  return width;
}

interface Geometry {
  /** x of each point, in the order given. */
  xs: number[];
  y: (value: number) => number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * x by date where the points are far enough apart to tell; where two visits are days apart
 * (and their marks would overlap) the positions lean towards even spacing, as little as needed.
 */
function xPositions(ats: number[], left: number, right: number, minGap: number): number[] {
  const n = ats.length;
  if (n === 1) return [(left + right) / 2];
  const span = ats[n - 1] - ats[0] || 1;
  const byDate = ats.map((at) => (at - ats[0]) / span);
  const even = ats.map((_, i) => i / (n - 1));
  for (const weight of [1, 0.8, 0.6, 0.4, 0.2, 0]) {
    const xs = byDate.map((d, i) => left + (weight * d + (1 - weight) * even[i]) * (right - left));
    if (weight === 0 || xs.every((x, i) => i === 0 || x - xs[i - 1] >= minGap)) return xs;
  }
  return [];
}

function geometry(series: TrendSeries, width: number, height: number, elder: boolean, minGap: number): Geometry {
  const values = series.points.map((p) => p.value);
  const edges = [series.referenceLow, series.referenceHigh].filter((v): v is number => v !== null);
  let lo = Math.min(...values, ...edges);
  let hi = Math.max(...values, ...edges);
  const pad = hi === lo ? Math.max(Math.abs(hi) * 0.1, 1) : (hi - lo) * 0.15;
  lo -= pad;
  hi += pad;
  const left = elder ? 56 : 44;
  const right = width - (elder ? 24 : 18);
  const top = elder ? 48 : 40;
  const bottom = height - (elder ? 34 : 28);
  return {
    xs: xPositions(series.points.map((p) => p.at), left, right, minGap),
    y: (value) => bottom - ((value - lo) / (hi - lo)) * (bottom - top),
    top,
    bottom,
    left,
    right,
  };
}

/** Which points get their value written above them: the latest first, then leftwards while there is room. */
function labelledPoints(xs: number[], gap: number): Set<number> {
  const chosen = new Set<number>();
  let lastX = Infinity;
  for (let i = xs.length - 1; i >= 0; i--) {
    if (lastX - xs[i] >= gap) {
      chosen.add(i);
      lastX = xs[i];
    }
  }
  return chosen;
}

const px = (n: number) => `${Math.round(n * 10) / 10}px`;

export function TrendChart({ series, elder }: { series: TrendSeries; elder: boolean }) {
  const id = useMemo(() => `trend-chart-${++nextChartId}`, []);
  const width = useFrameWidth(id);
  const height = elder ? 280 : 220;
  const marks = useMemo(() => facilityMarks(series.points), [series.points]);
  const markOf = (facilityId: string) => marks.find((m) => m.id === facilityId)!;

  return (
    <View className="trend-chart" data-testid="trend-chart" data-points={series.points.length}>
      <View id={id} className="trend-chart__frame" style={{ height: px(height) }}>
        {width !== undefined && series.points.length > 0 && <Plot series={series} width={width} height={height} elder={elder} markOf={markOf} />}
      </View>
      <View className="trend-chart__legend">
        {marks.map((m) => (
          <View key={m.id} className="trend-chart__legend-item">
            <Text className="trend-chart__mark trend-chart__mark--legend" style={{ backgroundColor: m.colour }}>
              {m.mark}
            </Text>
            <Text className="trend-chart__legend-name">{m.name}</Text>
          </View>
        ))}
        {(series.referenceLow !== null || series.referenceHigh !== null) && (
          <View className="trend-chart__legend-item">
            <Text className="trend-chart__band-swatch" />
            <Text className="trend-chart__legend-name">绿色区域：参考范围（正常）</Text>
          </View>
        )}
      </View>
    </View>
  );
}

function Plot({ series, width, height, elder, markOf }: { series: TrendSeries; width: number; height: number; elder: boolean; markOf: (facilityId: string) => FacilityMark }) {
  const size = elder ? 26 : 22;
  const labelFont = elder ? 15 : 12;
  const g = geometry(series, width, height, elder, size + 2);
  const points = series.points.map((p, i) => ({ p, x: g.xs[i], y: g.y(p.value) }));
  // Too many points for lettered marks (two years of monthly blood pressure): plain dots, the table has the rest.
  const markers = points.every(({ x }, i) => i === 0 || x - points[i - 1].x >= size);
  const labelled = labelledPoints(g.xs, elder ? 50 : 40);

  const bandTop = series.referenceHigh !== null ? Math.max(g.y(series.referenceHigh), g.top) : g.top;
  const bandBottom = series.referenceLow !== null ? Math.min(g.y(series.referenceLow), g.bottom) : g.bottom;
  const hasBand = series.referenceLow !== null || series.referenceHigh !== null;

  const firstDate = series.points[0].date;
  const lastDate = series.points[series.points.length - 1].date;

  return (
    <>
      <View className="trend-chart__axis" style={{ left: px(g.left), top: px(g.top), width: px(g.right - g.left), height: px(g.bottom - g.top) }} />
      {hasBand && bandBottom > bandTop && (
        <View
          className="trend-chart__band"
          data-testid="trend-band"
          style={{ left: px(g.left), top: px(bandTop), width: px(g.right - g.left), height: px(bandBottom - bandTop) }}
        />
      )}
      {[series.referenceHigh, series.referenceLow].map((edge, i) =>
        edge === null ? null : (
          <Text key={i} className="trend-chart__tick" style={{ top: px(g.y(edge) - labelFont * 0.7), width: px(g.left - 6), fontSize: px(labelFont) }}>
            {formatValue(edge)}
          </Text>
        ),
      )}

      {points.slice(1).map(({ x, y }, i) => {
        const from = points[i];
        const dx = x - from.x;
        const dy = y - from.y;
        return (
          <View
            key={`line-${i}`}
            className="trend-chart__line"
            style={{
              left: px(from.x),
              top: px(from.y - 1.5),
              width: px(Math.sqrt(dx * dx + dy * dy)),
              transform: `rotate(${Math.atan2(dy, dx)}rad)`,
            }}
          />
        );
      })}

      {points.map(({ p, x, y }, i) => {
        const mark = markOf(p.facility.id);
        const tone = flagDisplay(p.flag)?.tone ?? 'normal';
        const d = markers ? size : elder ? 12 : 9;
        return (
          <View key={`${p.reportId}-${i}`}>
            <View
              className={`trend-chart__point trend-chart__point--${tone}`}
              data-testid="trend-point"
              data-value={p.value}
              data-facility={p.facility.name}
              style={{ left: px(x - d / 2), top: px(y - d / 2), width: px(d), height: px(d), lineHeight: px(d), backgroundColor: mark.colour, fontSize: px(d * 0.6) }}
            >
              {markers ? mark.mark : ''}
            </View>
            {labelled.has(i) && (
              <Text
                className={`trend-chart__value trend-chart__value--${tone}`}
                style={{ left: px(x - 30), top: px(y - d / 2 - labelFont * 1.6), fontSize: px(labelFont + 1) }}
              >
                {formatValue(p.value)}
                {flagArrow(p.flag)}
              </Text>
            )}
          </View>
        );
      })}

      <Text className="trend-chart__date" style={{ left: px(g.left - 20), top: px(g.bottom + 6), fontSize: px(labelFont) }}>
        {formatMonth(firstDate)}
      </Text>
      {lastDate !== firstDate && (
        <Text className="trend-chart__date trend-chart__date--end" style={{ left: px(g.right - 60), top: px(g.bottom + 6), fontSize: px(labelFont) }}>
          {formatMonth(lastDate)}
        </Text>
      )}
      {series.unit && (
        <Text className="trend-chart__unit" style={{ top: px(2), left: px(0), fontSize: px(labelFont) }}>
          {series.unit}
        </Text>
      )}
    </>
  );
}
