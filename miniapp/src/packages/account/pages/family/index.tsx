import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { FamilyMember, Me } from '@ygt/shared';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView } from '../../../../components/remote';
import { getMe, listFamily } from '../../../../services/account';
import { ACCOUNT_PAGES, relationLabel, SEX_LABELS } from '../../family';
import { useAccountRemote } from '../../hooks';
import '../../account.scss';
import './index.scss';

async function loadFamily(): Promise<{ me: Me; members: FamilyMember[] }> {
  const [me, members] = await Promise.all([getMe(), listFamily()]);
  return { me, members };
}

export default function FamilyPage() {
  const [family, reload] = useAccountRemote(loadFamily);

  return (
    <Page className="family">
      <RemoteView state={family} onRetry={reload}>
        {({ me, members }) => {
          const remaining = Math.max(0, me.maxFamilyMembers - members.length);
          const hasSelf = members.some((m) => m.relation === 'self');
          const addUrl = hasSelf ? ACCOUNT_PAGES.familyForm : `${ACCOUNT_PAGES.familyForm}?relation=self`;
          return (
            <>
              {!hasSelf && (
                <Text className="acc-note acc-note--warn" data-testid="family-self-missing">
                  请先添加您本人的实名信息（姓名和身份证号），再添加家人。
                </Text>
              )}

              {members.map((member) => (
                <MemberCard key={member.id} member={member} />
              ))}

              <View className="family__quota">
                <Text className="family__remaining" data-testid="family-remaining">
                  {remaining > 0 ? `还可添加 ${remaining} 位` : `已添加满 ${me.maxFamilyMembers} 位`}
                </Text>
                <Text className="family__quota-note">
                  {remaining > 0
                    ? `每个账号最多添加 ${me.maxFamilyMembers} 位就诊人（包括本人）。`
                    : '如需添加新的就诊人，请先点开不再需要的就诊人，把他删除。'}
                </Text>
              </View>

              <Button
                block
                type="primary"
                size="large"
                disabled={remaining === 0}
                data-testid="family-add"
                onClick={() => Taro.navigateTo({ url: addUrl })}
              >
                {hasSelf ? '+ 添加家人' : '+ 添加本人信息'}
              </Button>
            </>
          );
        }}
      </RemoteView>
    </Page>
  );
}

function MemberCard({ member }: { member: FamilyMember }) {
  const pending = member.status === 'pending_consent';
  return (
    <View
      className={`card family-item${pending ? ' family-item--pending' : ''}`}
      data-testid="family-item"
      hoverClass="family-item--pressed"
      onClick={() => Taro.navigateTo({ url: `${ACCOUNT_PAGES.familyDetail}?id=${encodeURIComponent(member.id)}` })}
    >
      <View className="family-item__head">
        <Text className="family-item__name" data-testid="family-item-name">
          {member.name}
        </Text>
        <View className="family-item__tags">
          <Text className={`acc-tag${member.relation === 'self' ? ' acc-tag--self' : ''}`} data-testid="family-item-relation">
            {relationLabel(member)}
          </Text>
          {member.isMinor && (
            <Text className="acc-tag acc-tag--minor" data-testid="family-item-minor">
              未成年
            </Text>
          )}
          {pending && (
            <Text className="acc-tag acc-tag--pending" data-testid="family-item-pending">
              待对方确认
            </Text>
          )}
        </View>
      </View>
      <Text className="family-item__line" data-testid="family-item-id">
        身份证 {member.idNumber}
      </Text>
      <Text className="family-item__line">
        {SEX_LABELS[member.sex]} · {member.age}岁{member.phone ? ` · 手机 ${member.phone}` : ''}
      </Text>
      {pending && <Text className="family-item__pending">对方有自己的医共通账号，要等对方在手机上同意后，您才能为其办理。</Text>}
      <Text className="family-item__more">查看和修改 ›</Text>
    </View>
  );
}
