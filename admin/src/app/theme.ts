import type { ThemeConfig } from 'antd';

/** A calm clinical teal on light surfaces: readable for long shifts at a clinic desk. */
export const BRAND_COLOR = '#0b7a75';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_COLOR,
    colorInfo: BRAND_COLOR,
    colorLink: BRAND_COLOR,
    // antd derives tints by placing the seed mid-palette; from a dark teal they come out grey,
    // so the light shades are mixed with white by hand (10%, 20%, 40%, 60% teal).
    colorPrimaryBg: '#e7f2f1',
    colorPrimaryBgHover: '#cee4e3',
    colorPrimaryBorder: '#9dcac8',
    colorPrimaryBorderHover: '#6dafac',
    colorInfoBg: '#e7f2f1',
    colorInfoBgHover: '#cee4e3',
    colorInfoBorder: '#9dcac8',
    colorInfoBorderHover: '#6dafac',
    borderRadius: 6,
    fontSize: 14,
    colorBgLayout: '#f3f6f6',
  },
  components: {
    Layout: { headerBg: '#ffffff', headerPadding: '0 24px' },
    Table: { headerBg: '#eef5f4', rowHoverBg: '#e7f2f1' },
  },
};
