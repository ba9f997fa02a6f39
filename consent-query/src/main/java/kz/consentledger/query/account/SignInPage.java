package kz.consentledger.query.account;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import kz.consentledger.service.security.LedgerSecurityProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The sign-in page, in the language the dashboard remembered (its cookie): a form for
 * local accounts (Spring Security's form login, CSRF-protected) and, where JWTs are
 * accepted, a field for an access token from the organisation's identity provider, which
 * the pages then send as a bearer token.
 */
@Controller
class SignInPage {

	private static final Map<String, List<String>> TEXTS = Map.of("en",
			List.of("Sign in", "Consent ledger", "User name", "Password", "Sign in",
					"The user name or password is not right.", "You have signed out.",
					"Or paste an access token from your identity provider", "Access token", "Use the token"),
			"ru",
			List.of("Вход", "Реестр согласий", "Имя пользователя", "Пароль", "Войти",
					"Неверное имя пользователя или пароль.", "Вы вышли из системы.",
					"Или вставьте токен доступа от вашего поставщика удостоверений", "Токен доступа",
					"Использовать токен"),
			"kk",
			List.of("Кіру", "Келісімдер тізілімі", "Пайдаланушы аты", "Құпиясөз", "Кіру",
					"Пайдаланушы аты немесе құпиясөз қате.", "Сіз жүйеден шықтыңыз.",
					"Немесе сәйкестендіру провайдерінің қол жеткізу токенін қойыңыз", "Қол жеткізу токені",
					"Токенді пайдалану"));

	private final boolean localAccounts;

	private final boolean tokens;

	SignInPage(LedgerSecurityProperties security, ObjectProvider<JwtDecoder> jwt) {
		this.localAccounts = !security.accounts().isEmpty();
		this.tokens = jwt.getIfAvailable() != null;
	}

	@GetMapping("/")
	String root() {
		return "redirect:/ui/";
	}

	@GetMapping("/ui")
	String ui() {
		return "redirect:/ui/";
	}

	@GetMapping("/ui/")
	String dashboard() {
		return "forward:/ui/index.html";
	}

	@GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
	@ResponseBody
	String signIn(HttpServletRequest request, @RequestParam(required = false) String lang,
			@CookieValue(name = "ledger-lang", required = false) String remembered) {
		String language = (lang != null && TEXTS.containsKey(lang)) ? lang
				: (remembered != null && TEXTS.containsKey(remembered)) ? remembered : "en";
		List<String> text = TEXTS.get(language);
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html><html lang=\"")
			.append(language)
			.append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.append("<title>")
			.append(text.get(0))
			.append(" · ")
			.append(text.get(1))
			.append("</title><link rel=\"stylesheet\" href=\"/ui/app.css\"></head><body><main class=\"login\">")
			.append("<nav class=\"langs\" aria-label=\"Language\">");
		for (String other : List.of("kk", "ru", "en")) {
			html.append("<a href=\"/login?lang=").append(other).append("\" lang=\"").append(other).append("\"");
			if (other.equals(language)) {
				html.append(" aria-current=\"true\"");
			}
			html.append(">").append(other.toUpperCase()).append("</a> ");
		}
		html.append("</nav><h1>").append(text.get(1)).append("</h1>");
		if (request.getParameter("error") != null) {
			html.append("<p class=\"problem\" role=\"alert\" id=\"signin-error\">").append(text.get(5)).append("</p>");
		}
		if (request.getParameter("logout") != null) {
			html.append("<p role=\"status\">").append(text.get(6)).append("</p>");
		}
		if (this.localAccounts) {
			CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
			html.append("<form method=\"post\" action=\"/login\" id=\"signin\">")
				.append("<label for=\"username\">")
				.append(text.get(2))
				.append("</label><input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>")
				.append("<label for=\"password\">")
				.append(text.get(3))
				.append("</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>");
			if (csrf != null) {
				html.append("<input type=\"hidden\" name=\"")
					.append(HtmlUtils.htmlEscape(csrf.getParameterName()))
					.append("\" value=\"")
					.append(HtmlUtils.htmlEscape(csrf.getToken()))
					.append("\">");
			}
			html.append("<button type=\"submit\">").append(text.get(4)).append("</button></form>");
		}
		if (this.tokens) {
			html.append("<form id=\"token-signin\"><h2>")
				.append(text.get(7))
				.append("</h2><label for=\"token\">")
				.append(text.get(8))
				.append("</label><input id=\"token\" name=\"token\" autocomplete=\"off\" required>")
				.append("<button type=\"submit\">")
				.append(text.get(9))
				.append("</button></form><script src=\"/ui/signin.js\"></script>");
		}
		return html.append("</main></body></html>").toString();
	}

}
