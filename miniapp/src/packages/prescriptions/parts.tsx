import { Text, View } from '@tarojs/components';
import type { LongPrescriptionItem, MedicineOrder } from '@ygt/shared';
import { useElderMode } from '../../stores/elder-mode';
import { dateTime, howToTake, type ProgressStep, type Tone } from './rx';

/** Pieces the long-prescription pages share. */

const TONE_MARK: Record<Tone, string> = { wait: '◷ ', act: '! ', ok: '✓ ', stop: '✕ ', off: '' };

/** A status in words with a colour and a mark: never colour alone. */
export function StatusBadge({ text, tone, testId }: { text: string; tone: Tone; testId?: string }) {
  return (
    <Text className={`rx-status rx-status--${tone}`} data-testid={testId}>
      {TONE_MARK[tone]}
      {text}
    </Text>
  );
}

/** The medicines, with the 健康处方 (lifestyle advice) beside them: the doctor's two prescriptions together. */
export function MedicinesWithAdvice({ items, healthAdvice }: { items: LongPrescriptionItem[]; healthAdvice: string | null }) {
  const [elder] = useElderMode();
  return (
    <View className="rx-medicines" data-testid="rx-medicines">
      {items.map((item) => (
        <View key={item.id} className="rx-medicine" data-testid="rx-medicine">
          <Text className="rx-medicine__name">
            {item.genericName}
            {!elder && <Text className="rx-medicine__strength"> {item.strength}</Text>}
          </Text>
          <Text className="rx-medicine__how">{howToTake(item)}</Text>
          {!elder && (
            <Text className="rx-medicine__meta">
              治{item.conditionName} · {item.daysOfSupply}天的量（{item.quantityPacks}
              {item.packUnit}）
            </Text>
          )}
        </View>
      ))}
      {healthAdvice && (
        <View className="rx-advice" data-testid="rx-health-advice">
          <Text className="rx-advice__title">医生的健康建议（健康处方）</Text>
          <Text className="rx-advice__text">{healthAdvice}</Text>
        </View>
      )}
    </View>
  );
}

/** Where a renewal is on its way to the medicine in hand. */
export function Progress({ steps }: { steps: ProgressStep[] }) {
  return (
    <View className="rx-progress" data-testid="rx-progress">
      {steps.map((step, i) => (
        <View key={step.label} className={`rx-progress__step rx-progress__step--${step.state}`} data-state={step.state}>
          <Text className="rx-progress__dot">{step.state === 'done' ? '✓' : i + 1}</Text>
          <Text className="rx-progress__label">
            {step.label}
            {step.state === 'current' ? '（现在）' : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** Every step recorded, newest first, with who and when. */
export function Timeline({ events }: { events: MedicineOrder['timeline'] }) {
  return (
    <View className="rx-timeline" data-testid="order-timeline">
      {[...events].reverse().map((event, i) => (
        <View key={`${event.action}-${event.at}`} className={`rx-timeline__item${i === 0 ? ' rx-timeline__item--latest' : ''}`}>
          <Text className="rx-timeline__label">{event.label}</Text>
          <Text className="rx-timeline__meta">
            {dateTime(event.at)} · {event.facilityName ? `${event.facilityName} ` : ''}
            {event.actorName}
          </Text>
          {event.note && <Text className="rx-timeline__note">{event.note}</Text>}
        </View>
      ))}
    </View>
  );
}

/** A 是/否 question: two big buttons, the answer ticked. */
export function YesNo({
  q,
  title,
  value,
  onChange,
  yes = '是',
  no = '否',
  error,
}: {
  q: string;
  title: string;
  value: boolean | undefined;
  onChange: (answer: boolean) => void;
  yes?: string;
  no?: string;
  error?: string;
}) {
  return (
    <View className="rx-question" data-testid={`renew-question-${q}`}>
      <Text className="rx-question__title">{title}</Text>
      <View className="rx-question__answers">
        {([false, true] as const).map((answer) => {
          const chosen = value === answer;
          return (
            <View
              key={String(answer)}
              className={`rx-answer${chosen ? ' rx-answer--chosen' : ''}`}
              data-testid={`renew-answer-${q}-${answer ? 'yes' : 'no'}`}
              role="radio"
              aria-checked={chosen}
              onClick={() => onChange(answer)}
            >
              {chosen ? '✓ ' : ''}
              {answer ? yes : no}
            </View>
          );
        })}
      </View>
      {error && (
        <Text className="rx-field-error" data-testid={`renew-error-${q}`}>
          {error}
        </Text>
      )}
    </View>
  );
}
