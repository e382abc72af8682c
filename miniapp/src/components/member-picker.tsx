import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { RELATION_LABELS, type FamilyMember } from '@ygt/shared';
import { useEffect, useRef, useState } from 'react';
import { readStored, writeStored } from '../platform';
import { listFamily } from '../services/account';
import { RemoteView, useRemote } from './remote';
import './member-picker.scss';

const LAST_MEMBER_KEY = 'ygt.lastMemberId';
export const FAMILY_FORM_PAGE = '/packages/account/pages/family-form/index';

/** The member chosen last time (any page), so a resident who books for their mother keeps her chosen. */
export function lastChosenMemberId(): string | undefined {
  return readStored<string>(LAST_MEMBER_KEY);
}

export function rememberChosenMember(memberId: string): void {
  writeStored(LAST_MEMBER_KEY, memberId);
}

interface MemberPickerProps {
  /** The chosen member's id; the picker chooses one by itself on load when this is empty. */
  value?: string;
  onChange: (member: FamilyMember) => void;
  /** E.g. “为谁预约”. */
  title?: string;
}

/**
 * Pick the family member (就诊人) a health service is for: active members only, the last
 * choice remembered, and a way to add one. Reloads when the page shows again (after adding).
 * For subpackage pages: it imports values from @ygt/shared.
 */
export function MemberPicker({ value, onChange, title = '选择就诊人' }: MemberPickerProps) {
  const [shown, setShown] = useState(0);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false;
    else setShown((n) => n + 1);
  });
  const [members, reload] = useRemote(async () => (await listFamily()).filter((m) => m.status === 'active'), [shown]);

  const choose = (member: FamilyMember) => {
    rememberChosenMember(member.id);
    onChange(member);
  };

  // Choose a sensible default once the list is there: the one chosen before, else 本人, else the first.
  const items = members.status === 'ready' ? members.data : undefined;
  useEffect(() => {
    if (!items?.length || items.some((m) => m.id === value)) return;
    const last = lastChosenMemberId();
    const fallback = items.find((m) => m.id === last) ?? items.find((m) => m.relation === 'self') ?? items[0];
    onChange(fallback);
  }, [items, value]);

  const addMember = () => void Taro.navigateTo({ url: FAMILY_FORM_PAGE });

  return (
    <View className="member-picker" data-testid="member-picker">
      <Text className="member-picker__title">{title}</Text>
      <RemoteView state={members} onRetry={reload}>
        {(list) =>
          list.length === 0 ? (
            <View className="member-picker__empty">
              <Text className="member-picker__empty-text">还没有就诊人。先添加本人或家人的实名信息，才能办理。</Text>
              <View className="member-picker__add member-picker__add--big" data-testid="member-picker-add" onClick={addMember}>
                + 添加就诊人
              </View>
            </View>
          ) : (
            <View className="member-picker__list">
              {list.map((member) => {
                const chosen = member.id === value;
                return (
                  <View
                    key={member.id}
                    className={`member-picker__item${chosen ? ' member-picker__item--chosen' : ''}`}
                    data-testid="member-picker-item"
                    data-member-id={member.id}
                    aria-checked={chosen}
                    role="radio"
                    onClick={() => choose(member)}
                  >
                    <Text className="member-picker__name">{member.name}</Text>
                    <Text className="member-picker__relation">
                      {RELATION_LABELS[member.relation]}
                      {member.isMinor ? ' · 未成年' : ''}
                    </Text>
                    {chosen && <Text className="member-picker__check">✓ 已选</Text>}
                  </View>
                );
              })}
              <View className="member-picker__add" data-testid="member-picker-add" onClick={addMember}>
                + 添加就诊人
              </View>
            </View>
          )
        }
      </RemoteView>
    </View>
  );
}
