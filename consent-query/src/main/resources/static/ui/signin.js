// A token from the identity provider stays in this tab only (sessionStorage) and goes out as a bearer token.
document.getElementById('token-signin').addEventListener('submit', function (event) {
  event.preventDefault();
  sessionStorage.setItem('ledger.token', document.getElementById('token').value.trim());
  location.href = '/ui/';
});
