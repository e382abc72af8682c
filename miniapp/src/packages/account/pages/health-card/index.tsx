import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import type { FamilyMember } from '@ygt/shared';
import qrcode from 'qrcode-generator';
import { useEffect, useMemo, useRef, useState } from 'react';
import { lastChosenMemberId, rememberChosenMember } from '../../../../components/member-picker';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { brightenScreen } from '../../../../platform';
import { getHealthCard, listFamily } from '../../../../services/account';
import { ACCOUNT_PAGES, relationLabel } from '../../family';
import { useAccountRemote } from '../../hooks';
import '../../account.scss';
import './index.scss';

const IS_H5 = process.env.TARO_ENV === 'h5';

/** A QR code as a GIF data URL: pure JS, so the same picture on weapp and H5, no canvas. */
function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  // 8 px per module and a 4-module quiet zone: crisp when scaled to the picture size.
  return qr.createDataURL(8, 32);
}

/** The code in groups of four, for staff to type when scanning fails. */
function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

/** On weapp, full brightness while the card is on screen; the old brightness when it leaves. */
function useBrightScreen(): void {
  const restore = useRef<(() => void) | null>(null);
  const brighten = () => {
    void brightenScreen().then((undo) => (restore.current = undo));
  };
  const dim = () => {
    restore.current?.();
    restore.current = null;
  };
  useDidShow(brighten);
  useDidHide(dim);
  useEffect(() => dim, []);
}

export default function HealthCardPage() {
  const wanted = useRouter().params.memberId;
  const [members, reload] = useAccountRemote(listFamily);
  useBrightScreen();

  return (
    <Page className="health-card">
      <RemoteView state={members} onRetry={reload}>
        {(all) => {
          const active = all.filter((m) => m.status === 'active');
          const pending = all.length - active.length;
          if (active.length === 0) {
            return (
              <View className="card health-card__empty" data-testid="health-card-empty">
                <Text className="health-card__empty-text">还没有就诊人，所以还没有健康卡。添加本人或家人的实名信息后，就能在这里出示健康卡。</Text>
                <Button block type="primary" size="large" onClick={() => Taro.navigateTo({ url: ACCOUNT_PAGES.family })}>
                  去添加就诊人
                </Button>
              </View>
            );
          }
          return <Cards members={active} pending={pending} wanted={wanted} />;
        }}
      </RemoteView>
    </Page>
  );
}

function Cards({ members, pending, wanted }: { members: FamilyMember[]; pending: number; wanted?: string }) {
  const initial = useMemo(() => {
    const last = lastChosenMemberId();
    return (members.find((m) => m.id === wanted) ?? members.find((m) => m.id === last) ?? members.find((m) => m.relation === 'self') ?? members[0]).id;
  }, [members, wanted]);
  const [chosen, setChosen] = useState(initial);
  const member = members.find((m) => m.id === chosen) ?? members[0];

  const choose = (id: string) => {
    setChosen(id);
    rememberChosenMember(id);
  };

  return (
    <>
      {members.length > 1 && (
        <View className="health-card__members">
          {members.map((m) => (
            <View
              key={m.id}
              className={`acc-choice${m.id === member.id ? ' acc-choice--chosen' : ''}`}
              data-testid="health-card-member"
              role="radio"
              aria-checked={m.id === member.id}
              onClick={() => choose(m.id)}
            >
              {m.id === member.id ? '✓ ' : ''}
              {m.name}（{relationLabel(m)}）
            </View>
          ))}
        </View>
      )}
      <Card member={member} />
      {pending > 0 && <Text className="acc-note">还有 {pending} 位就诊人在等对方确认，确认后才有健康卡。</Text>}
    </>
  );
}

function Card({ member }: { member: FamilyMember }) {
  const [card, reload] = useRemote(() => getHealthCard(member.id), [member.id]);
  return (
    <View className="card health-card__card" data-testid="health-card">
      <RemoteView state={card} onRetry={reload} loadingText="正在生成健康卡…">
        {({ name, code }) => (
          <View className="health-card__content">
            <Text className="health-card__title">云溪县医共体 电子健康卡</Text>
            <Text className="health-card__name" data-testid="health-card-name">
              {name}
              <Text className="health-card__relation">（{relationLabel(member)}）</Text>
            </Text>
            <Image className="health-card__qr" data-testid="health-card-qr" src={qrDataUrl(code)} mode="scaleToFill" />
            <Text className="health-card__show">请向医护人员出示</Text>
            <Text className="health-card__code-label">卡号</Text>
            <Text className="health-card__code" data-testid="health-card-code">
              {groupCode(code)}
            </Text>
            <Text className="health-card__hint">
              {IS_H5 ? '扫不出来时，请把手机屏幕调到最亮，或请医护人员照着卡号输入。' : '屏幕已调到最亮。扫不出来时，可以请医护人员照着卡号输入。'}
            </Text>
          </View>
        )}
      </RemoteView>
    </View>
  );
}
