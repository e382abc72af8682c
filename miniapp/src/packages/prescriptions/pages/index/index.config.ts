export default definePageConfig({
  navigationBarTitleText: '长处方续方',
});
