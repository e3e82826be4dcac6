package nl.tweeling.ingest.http;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import nl.tweeling.ingest.kafka.DeadLetterReplayer;
import nl.tweeling.platform.security.RequiresRole;
import nl.tweeling.platform.security.Role;

/** Dead-letter operations: {@code ./tweeling replay-dlq} calls this after a fix. */
@Path("/admin/dead-letters")
@Tag(name = "Ingest")
public class DeadLetterResource {

    @Inject
    DeadLetterReplayer replayer;

    @POST
    @Path("/replay")
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.ADMIN)
    @SecurityRequirement(name = "api-key")
    @Operation(summary = "Re-inject the dead letters not replayed before into the observation topic; needs role admin")
    public Map<String, Object> replay() {
        return Map.of("replayed", replayer.replay());
    }
}
