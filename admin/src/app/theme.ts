import type { ThemeConfig } from 'antd';

/** A calm clinical teal on light surfaces: readable for long shifts at a clinic desk. */
export const BRAND_COLOR = '#0b7a75';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_COLOR,
    colorInfo: BRAND_COLOR,
    colorLink: BRAND_COLOR,
    borderRadius: 6,
    fontSize: 14,
    colorBgLayout: '#f3f6f6',
  },
  components: {
    Layout: { siderBg: '#ffffff', headerBg: '#ffffff', headerPadding: '0 24px' },
    Table: { headerBg: '#eef5f4', rowHoverBg: '#e6f2f1' },
  },
};
