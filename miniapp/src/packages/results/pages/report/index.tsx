import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { ResultObservation } from '@ygt/shared';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getResult, listTrendItems, type ResultReport } from '../../../../services/results';
import { useElderMode } from '../../../../stores/elder-mode';
import { facilityLines, flagDisplay, formatDate, recognitionBadge, recognitionValidity, RESULTS_PAGES } from '../../results';
import '../../results.scss';
import './index.scss';

interface Loaded {
  report: ResultReport;
  /** Item codes with two or more values: these get a 查看趋势 link. */
  repeated: Set<string>;
}

async function load(reportId: string): Promise<Loaded> {
  const report = await getResult(reportId);
  // Without the trend list the report still reads fine, just without the links.
  const items = await listTrendItems(report.memberId).catch(() => []);
  return { report, repeated: new Set(items.filter((i) => i.count >= 2).map((i) => i.code)) };
}

/** One report: each value with unit, range and flag in words; who did it and who read it. Opened from the list and from 消息 links. */
export default function ResultReportPage() {
  const id = useRouter().params.id ?? '';
  return (
    <Page className="result-report">
      <HealthConsentGate service="报告查询">
        <Report reportId={id} />
      </HealthConsentGate>
    </Page>
  );
}

function Report({ reportId }: { reportId: string }) {
  const [state, reload] = useRemote(() => load(reportId), [reportId]);
  return (
    <RemoteView state={state} onRetry={reload} loadingText="正在打开报告…">
      {(data) => <ReportBody {...data} />}
    </RemoteView>
  );
}

function ReportBody({ report, repeated }: Loaded) {
  const badge = recognitionBadge(report.recognition);
  const isExam = report.category === 'exam';
  return (
    <View>
      <View className="card report-head">
        <Text className="report-head__name" data-testid="report-name">
          {report.name}
        </Text>
        <Text className="report-head__line">
          {report.categoryLabel} · {report.sectionLabel} · {report.statusLabel}
        </Text>
        <Text className="report-head__line" data-testid="report-date">
          {isExam ? '检查日期' : '采样日期'}：{formatDate(report.effectiveDate)}
        </Text>
        <View className="report-head__facility" data-testid="report-facilities">
          {facilityLines(report).map((line) => (
            <Text key={line} className="report-head__facility-line">
              {line}
            </Text>
          ))}
        </View>
        {report.enteredByHand && <Text className="report-head__line">由医护人员测量后手工录入</Text>}
        <View className="rs-recognition report-head__recognition">
          {badge && (
            <Text className="rs-recognition__badge" data-testid="result-hr-badge">
              {badge}
            </Text>
          )}
          <Text className={`rs-recognition__text${badge ? '' : ' rs-recognition__text--none'}`} data-testid="result-validity">
            {recognitionValidity(report.recognition)}
          </Text>
        </View>
        {badge && <Text className="report-head__hint">在医共体内其他医院看病时，医生可以直接参考这份结果，一般不用重复做。</Text>}
      </View>

      {report.corrected && <Text className="rs-note rs-note--warn">这份报告出报告后又更正过，这里显示的是更正后的最新结果。</Text>}
      {report.criticalCount > 0 && (
        <Text className="rs-note rs-note--danger" data-testid="report-critical">
          有 {report.criticalCount} 项危急值，请尽快联系医生或到医院就诊。
        </Text>
      )}
      {report.doctorComment && (
        <View className="card report-comment" data-testid="report-doctor-comment">
          <Text className="report-comment__title">医生的话</Text>
          <Text className="report-comment__text">{report.doctorComment}</Text>
        </View>
      )}

      {report.observations.length > 0 && (
        <>
          <Text className="section-title">
            {isExam ? '测量结果' : '检验结果'}（{report.observations.length} 项）
          </Text>
          <View className="card report-values">
            {report.observations.map((o) => (
              <ValueRow key={o.id} observation={o} memberId={report.memberId} repeated={repeated.has(o.code)} />
            ))}
          </View>
        </>
      )}

      {report.conclusion && (
        <>
          <Text className="section-title">诊断结论</Text>
          <View className="card report-conclusion" data-testid="report-conclusion">
            <Text className="report-conclusion__text">{report.conclusion}</Text>
            {report.interpretingFacility && <Text className="report-conclusion__by">诊断：{report.interpretingFacility.name}</Text>}
            {report.conclusionRecognition && <Text className="report-conclusion__note">{report.conclusionRecognition.label}</Text>}
          </View>
        </>
      )}

      {report.imaging && (
        <View className="card report-imaging">
          <Text className="report-imaging__title">影像资料</Text>
          <Text className="report-imaging__line">
            {[report.imaging.description, report.imaging.modality, report.imaging.numberOfInstances ? `${report.imaging.numberOfInstances} 张图像` : null].filter(Boolean).join(' · ')}
          </Text>
          <Text className="report-imaging__line">影像保存在{report.performingFacility.name}，到医共体内其他医院看病时医生可以调阅。</Text>
        </View>
      )}

      <Text className="report-foot muted">结果只供参考，要不要治疗、怎么治疗，请听医生的。</Text>
    </View>
  );
}

function ValueRow({ observation: o, memberId, repeated }: { observation: ResultObservation; memberId: string; repeated: boolean }) {
  const [elder] = useElderMode();
  const flag = flagDisplay(o.flag);
  return (
    <View className="report-value" data-testid="report-value-row">
      <View className="report-value__main">
        <Text className="report-value__name">{o.name}</Text>
        <Text className={`report-value__number rs-tone--${flag?.tone ?? 'normal'}`} data-testid={`report-value-${o.code}`}>
          {o.value}
          {o.unit ? <Text className="report-value__unit"> {o.unit}</Text> : null}
        </Text>
      </View>
      <View className="report-value__meta">
        {flag && (
          <Text className={`rs-flag rs-flag--${flag.tone} report-value__flag`} data-testid={`report-flag-${o.code}`}>
            {flag.text}
          </Text>
        )}
        {o.referenceText && (
          <Text className="report-value__range">
            {elder ? '正常范围' : '参考范围'} {o.referenceText}
            {o.unit ? ` ${o.unit}` : ''}
          </Text>
        )}
      </View>
      {repeated && (
        <Text className="rs-link report-value__trend" data-testid={`report-trend-${o.code}`} onClick={() => Taro.navigateTo({ url: RESULTS_PAGES.trend(memberId, o.code) })}>
          查看趋势（历次{o.name}）›
        </Text>
      )}
    </View>
  );
}
