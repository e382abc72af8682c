export default definePageConfig({
  navigationBarTitleText: '社区医疗机构',
});
