package dev.actorkit.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The CSRF token Spring Security put on the request, for the page's actions. Loaded only when Spring
 * Security is on the class path.
 *
 * <p>Thread-safety: stateless.
 */
final class CsrfTokens {

    private CsrfTokens() {
    }

    /** The header name and the token, or null when the request has none (CSRF protection is off). */
    static String @Nullable [] of(HttpServletRequest request) {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            return new String[] {token.getHeaderName(), token.getToken()};
        }
        return null;
    }
}
