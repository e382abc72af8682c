export default definePageConfig({
  navigationBarTitleText: '续方',
});
