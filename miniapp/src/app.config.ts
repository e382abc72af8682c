// The main package holds only the two tab pages; each domain is a subpackage from the start
// (WeChat allows 2 MB per package, the main one included).
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mine/index'],
  subPackages: [
    { root: 'packages/community', pages: ['pages/list/index', 'pages/detail/index'] },
    {
      root: 'packages/booking',
      pages: [
        'pages/index/index',
        'pages/facilities/index',
        'pages/departments/index',
        'pages/schedules/index',
        'pages/experts/index',
        'pages/search/index',
        'pages/schedule/index',
        'pages/confirm/index',
        'pages/mine/index',
        'pages/detail/index',
        'pages/waitlist/index',
        'pages/referrals/index',
        'pages/referral/index',
      ],
    },
    { root: 'packages/payments', pages: ['pages/refund/index'] },
    { root: 'packages/results', pages: ['pages/index/index', 'pages/report/index', 'pages/trend/index'] },
    {
      root: 'packages/prescriptions',
      pages: ['pages/index/index', 'pages/renew/index', 'pages/renewal/index', 'pages/order/index', 'pages/records/index'],
    },
    { root: 'packages/insurance', pages: ['pages/index/index', 'pages/detail/index', 'pages/annual/index', 'pages/forecast/index'] },
    {
      root: 'packages/account',
      pages: [
        'pages/sign-in/index',
        'pages/consent/index',
        'pages/family/index',
        'pages/family-form/index',
        'pages/family-detail/index',
        'pages/health-card/index',
        'pages/access-log/index',
        'pages/link-requests/index',
        'pages/messages/index',
        'pages/export/index',
        'pages/delete/index',
        'pages/notify-preferences/index',
      ],
    },
  ],
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['packages/community'] },
    'pages/mine/index': { network: 'all', packages: ['packages/account'] },
  },
  window: {
    navigationBarTitleText: '医共通',
    navigationBarBackgroundColor: '#0a5c8a',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f2f4f7',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#4a5563',
    selectedColor: '#0a5c8a',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
});
