package io.tunestream.kafka.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tunestream.schemas.KafkaAccessPolicy;
import io.tunestream.schemas.KafkaConnection;
import io.tunestream.schemas.KafkaAccessPolicy.Grant;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** Turns {@link KafkaAccessPolicy}'s table into Kafka ACLs and SCRAM users, through the Admin API. */
public final class KafkaAcls {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int SCRAM_ITERATIONS = 4096;

    private KafkaAcls() {
    }

    /** The ACL bindings (allow, any host) of {@code grants}: one per grant and operation. */
    public static List<AclBinding> bindings(Collection<Grant> grants) {
        List<AclBinding> bindings = new ArrayList<>();
        for (Grant grant : grants) {
            ResourcePattern resource = new ResourcePattern(ResourceType.valueOf(grant.type().name()), grant.name(),
                    PatternType.valueOf(grant.pattern().name()));
            String principal = "User:" + grant.user();
            grant.operations().stream().sorted().forEach(op -> bindings.add(new AclBinding(resource,
                    new AccessControlEntry(principal, "*", AclOperation.valueOf(op.name()), AclPermissionType.ALLOW))));
        }
        return bindings;
    }

    /**
     * Creates the ACLs of {@code grants} (an existing identical ACL is left as it is) and waits until the broker
     * enforces them: the controller commits them first, the broker's authorizer sees them a moment later.
     */
    public static void create(Admin admin, Collection<Grant> grants) {
        List<AclBinding> wanted = bindings(grants);
        await("creating ACLs", admin.createAcls(wanted).all());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!admin.describeAcls(AclBindingFilter.ANY).values().toCompletionStage().toCompletableFuture()
                .join().containsAll(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not apply the ACLs within " + TIMEOUT);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the ACLs", e);
            }
        }
    }

    /** Creates the ACLs of {@link KafkaAccessPolicy#grants(String)} for topics under {@code prefix}, as {@code admin}. */
    public static void applyPolicy(KafkaConnection admin, String prefix) {
        try (Admin client = Admin.create(admin.clientProperties())) {
            create(client, KafkaAccessPolicy.grants(prefix));
        }
    }

    /** Creates or replaces the SCRAM-SHA-512 credentials of {@code users} (user to password) and waits for them. */
    public static void upsertScramUsers(Admin admin, Map<String, String> users) {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        users.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password)));
        await("creating SCRAM users " + users.keySet(), admin.alterUserScramCredentials(upserts).all());
    }

    private static void await(String what, KafkaFuture<Void> future) {
        try {
            future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}
