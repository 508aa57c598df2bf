package io.streamrec.api.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import io.javalin.openapi.OpenApiSecurity;

/** Serves the OpenAPI document and a Swagger UI page for it. */
public final class DocsController {
    /** Version of the org.webjars:swagger-ui dependency (its files are served under /webjars). */
    static final String SWAGGER_UI_VERSION = "5.34.1";

    private volatile ObjectNode document;

    public void setDocument(ObjectNode document) {
        this.document = document;
    }

    @OpenApi(path = "/openapi", methods = HttpMethod.GET, tags = "operations", security = @OpenApiSecurity(name = ""), summary = "This OpenAPI document",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = Object.class)))
    public void openapi(Context ctx) {
        ctx.contentType("application/json").result(document.toPrettyString());
    }

    @OpenApi(path = "/swagger", methods = HttpMethod.GET, tags = "operations", security = @OpenApiSecurity(name = ""), summary = "Swagger UI for the API",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(mimeType = "text/html")))
    public void swagger(Context ctx) {
        String base = "/webjars/swagger-ui/" + SWAGGER_UI_VERSION;
        ctx.html("<!doctype html><html><head><meta charset=\"utf-8\"><title>streamrec API</title>"
                + "<link rel=\"stylesheet\" href=\"" + base + "/swagger-ui.css\"></head><body>"
                + "<div id=\"swagger-ui\"></div><script src=\"" + base + "/swagger-ui-bundle.js\"></script>"
                + "<script>window.ui = SwaggerUIBundle({url: '/openapi', dom_id: '#swagger-ui'});</script>"
                + "</body></html>");
    }
}
