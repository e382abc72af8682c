import { FACILITY_LEVEL_LABELS, type Facility, type FacilityLevel } from '@ygt/shared';
import { Alert, Button, Card, Empty, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, type HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useRequest } from '../../api/useRequest';
import { listFacilities } from './api';
import { FacilityDrawer } from './FacilityDrawer';
import { FacilityLevelTag, townshipText } from './labels';

const LEVELS = Object.keys(FACILITY_LEVEL_LABELS) as FacilityLevel[];

function isFacilityLevel(value: string | null): value is FacilityLevel {
  return value !== null && (LEVELS as string[]).includes(value);
}

const columns: TableColumnsType<Facility> = [
  {
    title: '名称',
    dataIndex: 'name',
    render: (name: string) => <Typography.Link>{name}</Typography.Link>,
  },
  { title: '级别', dataIndex: 'level', width: 120, render: (level: FacilityLevel) => <FacilityLevelTag level={level} /> },
  { title: '所属乡镇', dataIndex: 'township', width: 120, render: (township: string | null) => townshipText(township) },
  { title: '地址', dataIndex: 'address' },
  { title: '电话', dataIndex: 'phone', width: 140 },
];

/** Member facilities of the community; filters live in the URL so a filtered list can be shared or reloaded. */
export function FacilitiesPage() {
  const [params, setParams] = useSearchParams();
  const levelParam = params.get('level');
  const level = isFacilityLevel(levelParam) ? levelParam : undefined;
  const township = params.get('township') || undefined;
  const openId = params.get('facility') ?? undefined;

  const list = useRequest((signal) => listFacilities({ level, township }, signal), [level, township]);
  // The whole community, unfiltered: source of the township choices and of parent facility names.
  const all = useRequest((signal) => listFacilities({}, signal), []);

  const townships = useMemo(
    () =>
      [...new Set((all.data ?? []).map((f) => f.township).filter((t): t is string => t !== null))].sort((a, b) =>
        a.localeCompare(b, 'zh-CN'),
      ),
    [all.data],
  );
  const byId = useMemo(() => new Map((all.data ?? []).map((f) => [f.id, f])), [all.data]);

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key !== 'facility' },
    );
  const filtered = level !== undefined || township !== undefined;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          医共体机构
        </Typography.Title>
        <Typography.Text type="secondary">县级医院、乡镇卫生院、村卫生室和中心药房。点击任意一行，查看该机构的科室、医生和县级专家坐诊时间。</Typography.Text>
      </div>

      <Card size="small">
        <Space wrap size={[24, 12]}>
          <Space>
            <Typography.Text>级别</Typography.Text>
            <Select
              data-testid="level-filter"
              aria-label="按级别筛选"
              style={{ width: 160 }}
              allowClear
              placeholder="全部级别"
              value={level}
              onChange={(value?: FacilityLevel) => setParam('level', value)}
              options={LEVELS.map((l) => ({ value: l, label: FACILITY_LEVEL_LABELS[l] }))}
            />
          </Space>
          <Space>
            <Typography.Text>所属乡镇</Typography.Text>
            <Select
              data-testid="township-filter"
              aria-label="按乡镇筛选"
              style={{ width: 160 }}
              allowClear
              showSearch
              placeholder="全部乡镇"
              loading={all.loading}
              value={township}
              onChange={(value?: string) => setParam('township', value)}
              options={townships.map((t) => ({ value: t, label: t }))}
              notFoundContent={all.error ? '乡镇列表加载失败' : '没有匹配的乡镇'}
            />
          </Space>
          {filtered && (
            <Button type="link" onClick={() => setParams({}, { replace: true })}>
              清除筛选
            </Button>
          )}
          {list.data && !list.loading && <Typography.Text type="secondary">共 {list.data.length} 家机构</Typography.Text>}
        </Space>
      </Card>

      {list.error ? (
        <Alert
          type="error"
          showIcon
          message="机构列表加载失败"
          description={list.error}
          action={<Button onClick={list.reload}>重试</Button>}
        />
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<Facility>
            data-testid="facilities-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data}
            loading={list.loading}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{
              emptyText: list.loading ? (
                ' '
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={filtered ? '没有符合条件的机构，可以换个条件或清除筛选' : '暂无机构信息'}
                />
              ),
            }}
            onRow={(facility) =>
              ({
                'data-testid': 'facility-row',
                tabIndex: 0,
                style: { cursor: 'pointer' },
                onClick: () => setParam('facility', facility.id),
                onKeyDown: (event) => {
                  if (event.key === 'Enter') setParam('facility', facility.id);
                },
              }) as HTMLAttributes<HTMLElement>
            }
          />
        </Card>
      )}

      <FacilityDrawer facilityId={openId} facilitiesById={byId} onClose={() => setParam('facility', undefined)} />
    </Space>
  );
}
