// Keep the exam token (from the sign-in page) in this browser, then open the exam page.
(function () {
  var token = JSON.parse(document.getElementById("exam-token").textContent);
  localStorage.setItem("skx.token", token);
  location.replace("/exam/take/");
})();
